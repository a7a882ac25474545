from odoo.tests import tagged

from .common import SurveyCase
from odoo.addons.crm_smart_base.tests.common import announced_customer_events


@tagged("post_install", "-at_install")
class TestSurveyAnsweredEvent(SurveyCase):
    """A completed response of a known or new customer is announced (step mails start on it)."""

    def test_invited_customer_answered(self):
        question = self.add_question("ご感想")
        with announced_customer_events(self.env) as events:
            self.respond({question: "とても良い"}, partner=self.customer)
        self.assertEqual([(event, partners) for event, partners in events], [("survey_answered", self.customer)])

    def test_new_customer_answered(self):
        survey = self.Survey.create({"title": "店頭アンケート", "access_mode": "public",
                                     "respondent_mode": "identified"})
        q_email = self.add_question("メール", field=self.partner_field("email"), survey=survey)
        q_name = self.add_question("お名前", field=self.partner_field("name"), survey=survey)
        with announced_customer_events(self.env) as events:
            user_input = self.respond({q_name: "新規 花子", q_email: "hanako@example.jp"}, survey=survey)
        self.assertTrue(user_input.partner_id)
        self.assertEqual([(event, partners) for event, partners in events],
                         [("survey_answered", user_input.partner_id)])

    def test_unfinished_anonymous_and_test_answers_are_not(self):
        question = self.add_question("ご感想")
        anonymous = self.Survey.create({"title": "匿名アンケート", "access_mode": "public",
                                        "respondent_mode": "anonymous"})
        anonymous_question = self.add_question("ご感想", survey=anonymous)
        with announced_customer_events(self.env) as events:
            started = self.survey._create_answer(partner=self.customer, check_attempts=False)
            started._save_lines(question, "途中")
            self.respond({anonymous_question: "匿名"}, partner=self.customer, survey=anonymous)
            test_entry = self.survey._create_answer(partner=self.customer, check_attempts=False, test_entry=True)
            test_entry._mark_done()
        self.assertEqual(events, [])
