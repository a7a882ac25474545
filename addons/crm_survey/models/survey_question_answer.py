from odoo import api, fields, models

from odoo.addons.crm_smart_base.tools.convert import choice_key


class SurveyQuestionAnswer(models.Model):
    """The choice of a linked single or multiple choice custom field each
    suggested answer stands for: found by label, editable when labels differ."""

    _inherit = "survey.question.answer"

    smart_choice_ids = fields.Many2many(
        "smart.field.choice", string="Field Choices", compute="_compute_smart_choice_ids", store=True,
        readonly=False,
        help="The choice of each linked custom field this answer sets; found by label when the field is linked, "
             "change it when the labels differ.")

    @api.depends("value", "question_id.partner_field_id", "question_id.smart_db_field_id")
    def _compute_smart_choice_ids(self):
        for answer in self:
            question = answer.question_id
            fields_ = self.env["smart.field"].sudo().search([
                ("field_id", "in", (question.partner_field_id | question.smart_db_field_id).ids),
                ("field_type", "in", ("selection", "tags"))])
            kept = answer.smart_choice_ids.filtered(lambda choice, fields_=fields_: choice.smart_field_id in fields_)
            for field in fields_ - kept.smart_field_id:
                kept |= field.choice_ids.filtered(
                    lambda choice, answer=answer: choice_key(choice.label or "") == choice_key(answer.value or ""))[:1]
            answer.smart_choice_ids = kept
