from odoo import api, fields, models
from odoo.exceptions import ValidationError

# standard customer fields a question may fill; Smart CRM custom fields come on top
PARTNER_FIELDS = ("name", "email", "phone", "street", "street2", "city", "zip", "function", "website", "comment",
                  "category_id", "country_id", "state_id")
# standard customer fields that are checked and normalised like custom fields of that kind
STANDARD_KINDS = {"email": "email", "phone": "phone", "website": "url"}
# kind of field (see survey.question._smart_field_kind) -> question types that may fill it
KIND_QUESTION_TYPES = {
    "char": ("char_box", "text_box", "numerical_box", "scale", "date", "datetime", "simple_choice",
             "multiple_choice"),
    "text": ("char_box", "text_box", "numerical_box", "scale", "date", "datetime", "simple_choice",
             "multiple_choice"),
    "html": ("char_box", "text_box"),
    "email": ("char_box",),
    "phone": ("char_box",),
    "url": ("char_box",),
    "integer": ("numerical_box", "scale", "char_box"),
    "float": ("numerical_box", "scale", "char_box"),
    "monetary": ("numerical_box", "scale", "char_box"),
    "date": ("date", "datetime", "char_box"),
    "datetime": ("datetime", "date", "char_box"),
    "boolean": ("simple_choice", "char_box"),
    "selection": ("simple_choice", "char_box"),
    "many2one": ("simple_choice", "char_box"),
    "many2many": ("multiple_choice", "simple_choice"),
}
# custom field types no answer can fill
UNLINKABLE_SMART_TYPES = ("binary", "image", "partner", "record")


class SurveyQuestion(models.Model):
    """A question may fill a customer field and a column of the survey's
    database; the types are checked when linking, the values converted on
    completion by the rules uploads use (see survey.user_input)."""

    _inherit = "survey.question"  # pylint: disable=consider-merging-classes-inherited

    partner_field_id = fields.Many2one(
        "ir.model.fields", string="Customer Field", ondelete="set null", index="btree_not_null",
        domain="[('id', 'in', allowed_partner_field_ids)]",
        help="On completion the answer is written to this field of the respondent's customer record.")
    smart_db_field_id = fields.Many2one(
        "ir.model.fields", string="Database Column", ondelete="set null", index="btree_not_null",
        domain="[('id', 'in', allowed_db_field_ids)]",
        help="On completion the answer is written to this column of the record the response creates in the "
             "survey's database.")
    smart_post_change = fields.Boolean(
        string="Post Changes on the Customer", default=True,
        help="Changes this answer makes to the customer are posted in the customer's history.")
    allowed_partner_field_ids = fields.Many2many("ir.model.fields", string="Allowed Customer Fields",
                                                 compute="_compute_allowed_field_ids")
    allowed_db_field_ids = fields.Many2many("ir.model.fields", string="Allowed Database Columns",
                                            compute="_compute_allowed_field_ids")

    @api.depends("question_type", "survey_id.smart_database_id")
    def _compute_allowed_field_ids(self):
        partner_fields = self._smart_linkable_fields("res.partner")
        for question in self:
            question.allowed_partner_field_ids = partner_fields.filtered(
                lambda field, question=question: question._smart_accepts(field))
            database = question.survey_id.smart_database_id
            db_fields = self._smart_linkable_fields(database.model) if database.model else self.env["ir.model.fields"]
            question.allowed_db_field_ids = db_fields.filtered(
                lambda field, question=question: question._smart_accepts(field))

    @api.constrains("question_type", "partner_field_id", "smart_db_field_id", "save_as_email")
    def _check_smart_links(self):
        for question in self:
            for field in question.partner_field_id | question.smart_db_field_id:
                if field not in self._smart_linkable_fields(field.model):
                    raise ValidationError(self.env._(
                        "The field “%(field)s” cannot be filled by a survey.", field=field.field_description))
                if not question._smart_accepts(field):
                    allowed = dict(self._fields["question_type"]._description_selection(self.env))
                    kinds = KIND_QUESTION_TYPES.get(question._smart_field_kind(field), ())
                    raise ValidationError(self.env._(
                        "The question “%(question)s” (%(type)s) cannot fill the field “%(field)s”: that field "
                        "takes the answers of %(types)s questions.",
                        question=question.title, type=allowed.get(question.question_type, ""),
                        field=field.field_description,
                        types=", ".join(allowed[kind] for kind in kinds) or self.env._("no")))
            database = question.survey_id.smart_database_id
            if question.smart_db_field_id and question.smart_db_field_id.model != database.model:
                raise ValidationError(self.env._(
                    "The question “%(question)s” is linked to a column of another database than the survey's.",
                    question=question.title))
        self.survey_id._check_smart_identification()

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @api.model
    def _smart_linkable_fields(self, model_name):
        """The fields of ``model_name`` answers may fill: its Smart CRM custom
        fields (except files, images and links to records) and, for customers,
        the standard fields of PARTNER_FIELDS."""
        IrField = self.env["ir.model.fields"].sudo()
        custom = self.env["smart.field"].sudo().search([
            ("model", "=", model_name), ("field_id", "!=", False),
            ("field_type", "not in", UNLINKABLE_SMART_TYPES)]).field_id
        standard = IrField.search([("model", "=", "res.partner"), ("name", "in", PARTNER_FIELDS)]) \
            if model_name == "res.partner" else IrField
        return standard | custom

    def _smart_field_kind(self, field):
        """The kind of value ``field`` (an ir.model.fields) holds, as uploads
        see it: email, phone and URL fields are checked and normalised."""
        if field.name in STANDARD_KINDS and field.model == "res.partner":
            return STANDARD_KINDS[field.name]
        model = self.env[field.model]
        return self.env["smart.data.io"]._field_kind(model, model._fields[field.name])

    def _smart_accepts(self, field):
        self.ensure_one()
        if field.model not in self.env or field.name not in self.env[field.model]._fields:
            return False
        return self.question_type in KIND_QUESTION_TYPES.get(self._smart_field_kind(field), ())

    @api.model
    @api.private
    def _smart_unlink_fields(self, labels):
        """Removes the links of questions to the fields ``labels`` names ({field id: label})
        with a notice on their surveys."""
        questions = self.sudo().with_context(active_test=False).search([
            "|", ("partner_field_id", "in", list(labels)), ("smart_db_field_id", "in", list(labels))])
        for field_id, label in labels.items():
            linked = questions.filtered(lambda question, field_id=field_id: field_id in (
                question.partner_field_id.id, question.smart_db_field_id.id))
            for survey in linked.survey_id:
                survey._smart_post_unlinked(linked.filtered(lambda question, survey=survey:
                                                            question.survey_id == survey), label)
            linked.filtered(lambda question, field_id=field_id: question.partner_field_id.id == field_id) \
                .partner_field_id = False
            linked.filtered(lambda question, field_id=field_id: question.smart_db_field_id.id == field_id) \
                .smart_db_field_id = False
