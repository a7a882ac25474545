from odoo import fields, models
from odoo.exceptions import UserError

from .survey_survey import REWARD_KINDS


class SurveyRewardGrant(models.Model):
    """The reward a customer received for completing a survey: at most one per
    survey and customer (a unique index says so in the database), written by
    the grant itself (``survey.survey._grant_reward``) together with the
    value-card entries it posted."""

    _name = "survey.reward.grant"
    _description = "Survey Reward Grant"
    _order = "id desc"
    _rec_name = "reference"

    survey_id = fields.Many2one("survey.survey", required=True, readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True,
                                 ondelete="cascade")
    user_input_id = fields.Many2one("survey.user_input", string="Response", readonly=True,
                                    index="btree_not_null", ondelete="set null")
    card_id = fields.Many2one("valuecard.card", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="card_id.company_id", store=True, index=True)
    kind = fields.Selection(REWARD_KINDS, required=True, readonly=True)
    amount = fields.Integer(required=True, readonly=True, help="Points or yen of bonus value granted.")
    reference = fields.Char(required=True, readonly=True, help="Reference of the value-card entries posted.")
    card_issued = fields.Boolean(readonly=True, help="The card was issued for this reward.")

    _survey_partner_unique = models.Constraint(
        "UNIQUE(survey_id, partner_id)", "A customer receives the reward of a survey once.")

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Survey rewards are recorded by the survey and cannot be changed."))
        return super().write(vals)
