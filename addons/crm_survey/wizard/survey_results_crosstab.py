import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action

#: the column of the answer report holding the answer, by question type
ANSWER_COLUMNS = {
    "simple_choice": "suggested_answer_id",
    "multiple_choice": "suggested_answer_id",
    "scale": "value_scale",
    "numerical_box": "value_number",
}
#: customer field types that can be rows of a cross-tab
ROW_FIELD_TYPES = ["char", "selection", "many2one", "boolean", "date", "integer"]


class SurveyResultsCrosstab(models.TransientModel):
    """The answers to one question by a customer attribute (年代 × 満足度),
    on screen and as XLSX, computed by the data tools' cross-tab over the
    completed answers (``survey.answer.report``)."""

    _name = "survey.results.crosstab"
    _description = "Survey results by customer"

    survey_id = fields.Many2one("survey.survey", required=True, ondelete="cascade")
    question_id = fields.Many2one(
        "survey.question", ondelete="cascade",
        domain="[('survey_id', '=', survey_id), ('question_type', 'in', %s)]" % list(ANSWER_COLUMNS))
    partner_field_id = fields.Many2one(
        "ir.model.fields", string="Customer attribute", ondelete="cascade",
        domain=[("model", "=", "res.partner"), ("store", "=", True), ("ttype", "in", ROW_FIELD_TYPES)],
        help="Rows of the cross-tab: a field of the respondents' customer records, custom fields included.")
    table_html = fields.Html(compute="_compute_table_html", sanitize=False)
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    @api.depends("question_id", "partner_field_id")
    def _compute_table_html(self):
        for wizard in self:
            if wizard.question_id and wizard.partner_field_id:
                wizard.table_html = self.env["smart.crosstab.wizard"]._render(wizard._crosstab())
            else:
                wizard.table_html = False

    def action_download(self):
        self.ensure_one()
        report, row, col = self._crosstab_args()
        content = base64.b64encode(self.env["smart.data.io"]._crosstab_xlsx(report, row, col, self._crosstab()))
        self.write({"file": content, "filename": self.env._("%(survey)s by %(field)s.xlsx",
                                                             survey=self.survey_id.title,
                                                             field=self.partner_field_id.field_description)})
        return download_action(self, "file", "filename")

    def _crosstab_args(self):
        question, field = self.question_id, self.partner_field_id
        if not question or not field:
            raise UserError(self.env._("Choose a question and a customer attribute."))
        if question.survey_id != self.survey_id or question.question_type not in ANSWER_COLUMNS:
            raise UserError(self.env._("Cross-tabs are made of choice, scale and number questions of the survey."))
        if field.model != "res.partner" or field.ttype not in ROW_FIELD_TYPES or not field.store:
            raise UserError(self.env._("%s cannot be used as rows.", field.field_description))
        report = self.env["survey.answer.report"]
        report.check_access("read")
        return report, f"partner_id.{field.name}", ANSWER_COLUMNS[question.question_type]

    def _crosstab(self):
        report, row, col = self._crosstab_args()
        return self.env["smart.data.io"]._crosstab(
            report, row, col, domain=[("survey_id", "=", self.survey_id.id), ("question_id", "=", self.question_id.id)])
