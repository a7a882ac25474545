from odoo.tests import new_test_user, tagged

from odoo.addons.crm_survey.tests.common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveyTimeline(SurveyCase):

    def setUp(self):
        super().setUp()
        self.customer = self.env["res.partner"].create({"name": "回答 花子", "email": "hanako@example.jp"})
        self.other = self.env["res.partner"].create({"name": "別の 顧客"})

    def test_answers_on_the_customer(self):
        question = self.add_question("ご来店のきっかけ")
        self.respond({question: "友人の紹介"}, partner=self.customer)
        self.survey._create_answer(partner=self.customer, check_attempts=False)  # invited, not begun
        self.respond({question: "チラシ"}, partner=self.other)
        events = [event for event in self.customer._smart_timeline_events(50) if event["kind"] == "Survey"]
        self.assertEqual(sorted(event["title"] for event in events),
                         ["来店アンケート (answered)", "来店アンケート (invited)"])
        self.assertEqual(self.customer.smart_survey_response_count, 1)
        action = self.customer.action_view_smart_survey_responses()
        shown = self.env["survey.user_input"].search(action["domain"])
        self.assertEqual(shown.partner_id, self.customer)
        self.assertEqual(len(shown), 2)
        # the timeline as staff see it, on the customer's form
        self.customer.invalidate_recordset(["smart_timeline_html"])
        self.assertIn("来店アンケート (answered)", str(self.customer.smart_timeline_html))

    def test_no_survey_rights_no_answers(self):
        self.respond({}, partner=self.customer)
        rep = new_test_user(self.env, login="survey_history_rep", groups="crm_smart_base.group_smart_user",
                            name="Rep Sato")
        customer = self.customer.with_user(rep)
        self.assertEqual(customer.smart_survey_response_count, 0)
        self.assertFalse([event for event in customer._smart_timeline_events(50) if event["kind"] == "Survey"])

    def test_timeline_in_the_reader_s_language(self):
        """The timeline is made when read, from the answer's state: answered while
        the user works in English, it reads in Japanese for a Japanese user (and back)."""
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"].search([("name", "=", "crm_survey_history")])._update_translations("ja_JP")
        question = self.add_question("ご来店のきっかけ")
        self.respond({question: "友人の紹介"}, partner=self.customer)
        for lang, expected in (("ja_JP", ("アンケート", "来店アンケート（回答済み）")),
                               ("en_US", ("Survey", "来店アンケート (answered)"))):
            with self.subTest(lang=lang):
                events = self.customer.with_context(lang=lang)._smart_timeline_events(50)
                self.assertIn(expected, [(event["kind"], event["title"]) for event in events])
