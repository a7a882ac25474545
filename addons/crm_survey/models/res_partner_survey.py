from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    survey_user_input_ids = fields.One2many(
        "survey.user_input", "partner_id", string="Survey Responses",
        groups="survey.group_survey_user",
        help="Responses of the customer to surveys: prize draws among respondents filter on them.")
