from odoo.tests import new_test_user, tagged

from .common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveyMatching(SurveyCase):
    """The respondent's customer: invited, logged in, by email, by phone, or new, never twice."""

    def setUp(self):
        super().setUp()
        self.public_survey = self.Survey.create({"title": "店頭アンケート", "access_mode": "public",
                                                 "respondent_mode": "identified"})
        self.q_email = self.add_question("メール", field=self.partner_field("email"), survey=self.public_survey)
        self.q_name = self.add_question("お名前", field=self.partner_field("name"), survey=self.public_survey)
        self.q_phone = self.add_question("電話", field=self.partner_field("phone"), survey=self.public_survey)

    def test_invited_customer(self):
        question = self.add_question("電話番号", field=self.partner_field("phone"))
        user_input = self.respond({question: "090-1111-2222"}, partner=self.customer)
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertEqual(self.customer.phone, "090-1111-2222")

    def test_logged_in_portal_user(self):
        portal = new_test_user(self.env, login="survey_portal", groups="base.group_portal", name="ポータル 太郎",
                               email="portal@example.jp")
        user_input = self.respond({self.q_phone: "090-3333-4444"}, user=portal, survey=self.public_survey)
        self.assertEqual(user_input.partner_id, portal.partner_id)
        self.assertEqual(portal.partner_id.phone, "090-3333-4444")

    def test_found_by_normalised_email(self):
        count = self.env["res.partner"].search_count([])
        user_input = self.respond({self.q_name: "テスト", self.q_email: "Customer@Example.JP"},
                                  survey=self.public_survey)
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_found_by_normalised_phone(self):
        customer = self.env["res.partner"].create({"name": "電話 顧客", "phone": "090-5555-6666"})
        user_input = self.respond({self.q_name: "電話", self.q_phone: "＋８１ ９０ ５５５５ ６６６６"},
                                  survey=self.public_survey)
        self.assertEqual(user_input.partner_id, customer)

    def test_new_customer_created_once(self):
        answers = {self.q_name: "新規 花子", self.q_email: "hanako@example.jp", self.q_phone: "080-1234-5678"}
        first = self.respond(answers, survey=self.public_survey)
        self.assertTrue(first.partner_id)
        self.assertEqual(first.partner_id.name, "新規 花子")
        self.assertEqual(first.partner_id.email, "hanako@example.jp")
        self.assertEqual(first.partner_id.phone, "080-1234-5678")
        self.assertIn("店頭アンケート", first.partner_id.message_ids[0].body)
        second = self.respond({**answers, self.q_email: "HANAKO@example.jp"}, survey=self.public_survey)
        self.assertEqual(second.partner_id, first.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([("email_normalized", "=", "hanako@example.jp")]), 1)
        key = self.env["survey.customer.key"].search([("key", "=", "email:hanako@example.jp")])
        self.assertTrue(key, "the lookup took the lock of the email")

    def test_unknown_respondent_without_contact_creates_nothing(self):
        count = self.env["res.partner"].search_count([])
        user_input = self.respond({self.q_name: "名無し"}, survey=self.public_survey)
        self.assertFalse(user_input.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_fill_only_or_overwrite(self):
        question = self.add_question("お名前", field=self.partner_field("name"))
        street = self.add_question("住所", field=self.partner_field("street"))
        self.respond({question: "別の 名前", street: "渋谷区1-2-3"}, partner=self.customer)
        self.assertEqual(self.customer.name, "テスト 顧客")
        self.assertEqual(self.customer.street, "渋谷区1-2-3", "an empty field is filled")
        self.survey.smart_update_mode = "overwrite"
        self.respond({question: "別の 名前", street: "新宿区4-5-6"}, partner=self.customer)
        self.assertEqual(self.customer.name, "別の 名前")
        self.assertEqual(self.customer.street, "新宿区4-5-6")

    def test_posted_changes(self):
        street = self.add_question("住所", field=self.partner_field("street"))
        city = self.add_question("市区町村", field=self.partner_field("city"), smart_post_change=False)

        def survey_notes():
            return self.customer.message_ids.filtered(lambda message: "来店アンケート" in (message.body or ""))

        self.respond({street: "渋谷区1-2-3", city: "東京"}, partner=self.customer)
        self.assertEqual(self.customer.city, "東京")
        self.assertEqual(len(survey_notes()), 1)
        self.assertIn("渋谷区1-2-3", survey_notes().body)
        self.assertNotIn("東京", survey_notes().body, "the city question does not post its changes")
        self.respond({street: "渋谷区1-2-3"}, partner=self.customer)
        self.assertEqual(len(survey_notes()), 1, "nothing changed, nothing posted")
