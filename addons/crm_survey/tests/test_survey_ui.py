from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSurveyUi(HttpCase):

    def test_marketer_links_customer_answers_profile_shows(self):
        """A marketer links a question to the customer's city, the customer answers
        from a personal link, and the customer's profile shows the answer."""
        new_test_user(self.env, login="survey_marketer", groups="crm_smart_base.group_smart_marketer,base.group_partner_manager",
                      name="Marketer Ueda")
        customer = self.env["res.partner"].create({"name": "アンケート 太郎", "email": "taro@example.jp"})
        survey = self.env["survey.survey"].create({
            "title": "お客様アンケート", "access_mode": "token", "respondent_mode": "identified",
            "questions_layout": "one_page",
            "question_and_page_ids": [(0, 0, {"title": "お住まいの市区町村", "question_type": "char_box"})],
        })
        self.start_tour(f"/odoo/action-survey.action_survey_form/{survey.id}", "crm_survey_link_tour",
                        login="survey_marketer")
        question = survey.question_ids
        self.assertEqual(question.partner_field_id.name, "city")

        user_input = survey._create_answer(partner=customer, check_attempts=False)
        self.start_tour(f"/survey/start/{survey.access_token}?answer_token={user_input.access_token}",
                        "crm_survey_answer_tour")
        self.assertEqual(user_input.state, "done")
        self.assertEqual(customer.city, "札幌市")

        self.start_tour(f"/odoo/res.partner/{customer.id}", "crm_survey_profile_tour", login="survey_marketer")
