from odoo.addons.crm_valuecard.tests.common import ValuecardCase


class SurveyRewardCase(ValuecardCase):
    """The value-card fixtures and a survey that rewards 100 points, budget 1,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create({
            "title": "来店アンケート",
            "reward_kind": "points",
            "reward_amount": 100,
            "reward_program_id": cls.program.id,
            "reward_budget": 1000,
        })
        cls.Grant = cls.env["survey.reward.grant"]

    def complete(self, partner, survey=None, **vals):
        """A completed response of ``partner`` to the survey."""
        user_input = self.env["survey.user_input"].create({
            "survey_id": (survey or self.survey).id, "partner_id": partner.id if partner else False, **vals})
        user_input._mark_done()
        return user_input

    def reward_entries(self, card, survey=None):
        return self.Entry.search([("card_id", "=", card.id),
                                  ("reference", "=", f"survey:{(survey or self.survey).id}:{card.partner_id.id}")])
