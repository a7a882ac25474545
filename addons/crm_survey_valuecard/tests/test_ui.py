from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSurveyRewardUi(HttpCase):
    # wide enough that the customer form shows the value-card button among its smart buttons, not
    # under "More"
    browser_size = "1920x1080"

    def test_customer_answers_profile_shows_the_reward(self):
        """A customer answers from a personal link; the profile shows the card the
        survey issued with the reward's points."""
        new_test_user(self.env, login="reward_marketer", name="Marketer Sano",
                      groups="crm_smart_base.group_smart_marketer,base.group_partner_manager")
        program = self.env["valuecard.program"].create({"name": "アンケート カード", "number_prefix": "SV"})
        customer = self.env["res.partner"].create({"name": "ポイント 花子", "email": "hanako@example.jp"})
        survey = self.env["survey.survey"].create({
            "title": "ご来店アンケート", "access_mode": "token", "questions_layout": "one_page",
            "question_and_page_ids": [(0, 0, {"title": "お住まいの市区町村", "question_type": "char_box"})],
            "reward_kind": "points", "reward_amount": 100, "reward_program_id": program.id,
            "reward_without_card": "issue",
        })
        user_input = survey._create_answer(partner=customer, check_attempts=False)
        self.start_tour(f"/survey/start/{survey.access_token}?answer_token={user_input.access_token}",
                        "crm_survey_answer_tour")
        self.assertEqual(user_input.state, "done")
        card = self.env["valuecard.card"].search([("partner_id", "=", customer.id)])
        self.assertEqual(card.points, 100)
        self.start_tour(f"/odoo/res.partner/{customer.id}", "crm_survey_valuecard_profile_tour",
                        login="reward_marketer")
