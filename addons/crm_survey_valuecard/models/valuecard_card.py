import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from .survey_survey import REWARD_REFERENCE_PREFIX


class ValuecardCard(models.Model):
    _inherit = "valuecard.card"

    @api.model
    def _check_reference(self, reference):
        """Terminals and clients may not post with the references of survey
        rewards, or they could take the place of a reward."""
        reference = super()._check_reference(reference)
        if reference.lower().startswith(REWARD_REFERENCE_PREFIX):
            raise UserError(self.env._(
                "References starting with %(prefix)s are kept for survey rewards: use another reference.",
                prefix=REWARD_REFERENCE_PREFIX))
        return reference

    def _post_survey_reward(self, survey, reference):
        """Post ``survey``'s reward on this card through the ledger's posting
        path, under ``reference``: bonus value (with the program's bonus
        validity) or points (with its points validity)."""
        self.ensure_one()
        amount, kind = survey.reward_amount, survey.reward_kind
        reason = self.env._("Survey reward: %s", survey.title)

        def build(card, lots):
            today = fields.Date.context_today(card)
            if kind == "bonus":
                card._check_balance_limit(amount)
                return [{"kind": "bonus", "bucket": "bonus", "amount": amount, "reason": reason,
                         "expiry_date": card._bonus_expiry(today)}]
            days = card.program_id.points_validity_days
            return [{"kind": "points_earned", "bucket": "points", "amount": amount, "reason": reason,
                     "expiry_date": today + datetime.timedelta(days=days) if days else False}]

        card = self.sudo()._in_day_zone()
        return card._post(reference, f"survey_reward:{kind}:{amount}", None, build)
