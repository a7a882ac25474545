from odoo import models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _mark_done(self):
        """Completed responses of identified customers earn the survey's reward (once per customer)."""
        result = super()._mark_done()
        for user_input in self:
            if user_input.partner_id and not user_input.test_entry and user_input.survey_id.reward_kind != "none":
                user_input.survey_id.sudo()._grant_reward(user_input.partner_id, user_input)
        return result
