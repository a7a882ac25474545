import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_valuecard.tools import MAX_AMOUNT

_logger = logging.getLogger(__name__)

REWARD_KINDS = [("points", "Points"), ("bonus", "Bonus value")]
#: prefix of the value-card references of survey rewards, reserved for them
#: (see valuecard.card._check_reference): survey:<survey id>:<customer id>
REWARD_REFERENCE_PREFIX = "survey:"


def reward_reference(survey_id, partner_id):
    return f"{REWARD_REFERENCE_PREFIX}{survey_id}:{partner_id}"


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    reward_kind = fields.Selection(
        [("none", "No reward"), *REWARD_KINDS], string="Reward", default="none", required=True,
        help="What an identified customer receives on their value card for completing the survey, once.")
    reward_amount = fields.Integer(help="Points, or yen of bonus value, per customer.")
    reward_program_id = fields.Many2one(
        "valuecard.program", string="Card Program", ondelete="restrict",
        help="The value-card program whose card receives the reward.")
    reward_budget = fields.Integer(
        help="Most points or yen granted by this survey in all (0: no limit). Customers who complete the "
             "survey once the budget is spent receive nothing.")
    reward_without_card = fields.Selection(
        [("skip", "Give nothing"), ("issue", "Issue a card")], string="Customer Without a Card",
        default="skip", required=True,
        help="What happens when a customer who completes the survey holds no active card of the program.")
    reward_grant_ids = fields.One2many("survey.reward.grant", "survey_id", string="Rewards Granted")
    reward_granted_count = fields.Integer(string="Rewards", compute="_compute_reward_granted")
    reward_granted_total = fields.Integer(string="Granted in All", compute="_compute_reward_granted")

    @api.constrains("reward_kind", "reward_amount", "reward_program_id", "reward_budget")
    def _check_reward(self):
        for survey in self:
            if survey.reward_budget < 0:
                raise ValidationError(self.env._("The reward budget cannot be negative."))
            if survey.reward_kind == "none":
                continue
            if not survey.reward_program_id:
                raise ValidationError(self.env._(
                    "The reward of survey %(survey)s needs a value-card program.", survey=survey.title))
            if not 0 < survey.reward_amount <= MAX_AMOUNT:
                raise ValidationError(self.env._(
                    "The reward of survey %(survey)s must be between 1 and %(limit)s.",
                    survey=survey.title, limit=MAX_AMOUNT))

    def _compute_reward_granted(self):
        totals = {survey.id: (count, total) for survey, count, total in self.env["survey.reward.grant"]._read_group(
            [("survey_id", "in", self.ids)], ["survey_id"], ["__count", "amount:sum"])}
        for survey in self:
            survey.reward_granted_count, survey.reward_granted_total = totals.get(survey.id, (0, 0))

    def action_open_reward_grants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_survey_valuecard.survey_reward_grant_action")
        action["domain"] = [("survey_id", "=", self.id)]
        return action

    def _grant_reward(self, partner, user_input=None):
        """Grant the survey's reward to ``partner`` once, whatever retries or
        repeated submissions happen. Returns the grant, or None when nothing
        was granted (no reward, budget spent, no card).

        Exactly once and never over budget, also with several workers:

        * the survey row is updated first (a no-op update): grants of one
          survey run one after another, and a transaction that started
          before a concurrent grant was committed fails with a serialisation
          error when it reaches the row, so Odoo retries it and it sees that
          grant (a lock alone would let it read its older snapshot);
        * under that lock, a grant already recorded for the customer ends
          here, and the sum granted so far is checked against the budget;
        * the value is posted through the value-card ledger with the
          reference ``survey:<survey>:<customer>``, which terminals cannot
          use and which the ledger posts once per card;
        * the grant is recorded with a unique (survey, customer) key.
        """
        self.ensure_one()
        if self.reward_kind == "none" or not partner:
            return None
        self.env.cr.execute(SQL("UPDATE survey_survey SET reward_kind = reward_kind WHERE id = %s", self.id),
                            log_exceptions=False)
        Grant = self.env["survey.reward.grant"].sudo()
        if Grant.search_count([("survey_id", "=", self.id), ("partner_id", "=", partner.id)], limit=1):
            return None
        amount = self.reward_amount
        if self.reward_budget:
            self.env.cr.execute(SQL(
                "SELECT COALESCE(SUM(amount), 0) FROM survey_reward_grant WHERE survey_id = %s", self.id))
            if self.env.cr.fetchone()[0] + amount > self.reward_budget:
                _logger.info("Survey %s: reward budget spent, nothing granted to customer %s", self.id, partner.id)
                return None
        program = self.reward_program_id.sudo()
        card = self.env["valuecard.card"].sudo().search([
            ("partner_id", "=", partner.id), ("program_id", "=", program.id), ("state", "=", "active"),
        ], order="id", limit=1)
        issued = False
        if not card:
            if self.reward_without_card != "issue":
                return None
            card = card.create({"program_id": program.id, "partner_id": partner.id})
            issued = True
        reference = reward_reference(self.id, partner.id)
        try:
            with self.env.cr.savepoint():
                result = card._post_survey_reward(self, reference)
        except UserError as error:
            # a card that cannot take the value (expired, at its limit) must not refuse the answers
            _logger.info("Survey %s: reward not granted to card %s: %s", self.id, card.number, error)
            return None
        grant = Grant.create({
            "survey_id": self.id, "partner_id": partner.id, "user_input_id": user_input and user_input.id,
            "card_id": card.id, "kind": self.reward_kind, "amount": amount, "reference": reference,
            "card_issued": issued,
        })
        if not result["replayed"]:
            card.message_post(body=self._reward_message(amount))
        return grant

    def _reward_message(self, amount):
        if self.reward_kind == "points":
            return self.env._("Reward for completing the survey “%(survey)s”: %(amount)s points.",
                              survey=self.title, amount=amount)
        return self.env._("Reward for completing the survey “%(survey)s”: %(amount)s yen of bonus value.",
                          survey=self.title, amount=amount)
