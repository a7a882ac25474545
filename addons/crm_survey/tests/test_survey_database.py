from odoo.tests import tagged

from .common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveyDatabase(SurveyCase):
    """Responses as database records, anonymous surveys, and deleted fields."""

    def setUp(self):
        super().setUp()
        self.database = self.env["smart.database"].with_user(self.user_admin).create(
            {"name": "回答テスト", "partner_link": True})
        self.score = self.create_field("おすすめ度", "integer", model_id=self.database.model_id.id)
        self.reason = self.create_field("きっかけ", "selection", model_id=self.database.model_id.id,
                                        choices=["紹介", "Web"])
        self.survey.smart_database_id = self.database
        self.q_score = self.add_question("おすすめ度", "scale", smart_db_field_id=self.score.field_id.id)
        self.q_reason = self.add_question("きっかけ", "simple_choice", choices=["紹介", "Web"],
                                          smart_db_field_id=self.reason.field_id.id)

    def test_response_becomes_record(self):
        user_input = self.respond({self.q_score: "9", self.q_reason: self.choice(self.q_reason, "Web").id},
                                  partner=self.customer)
        record = self.env[self.database.model].browse(user_input.smart_record_id)
        self.assertTrue(record.exists())
        self.assertEqual(record[self.score.name], 9)
        self.assertEqual(record[self.reason.name].label, "Web")
        self.assertEqual(record.x_partner_id, self.customer)
        self.assertEqual(self.env[self.database.model].search_count([]), 1)

    def test_anonymous_survey_links_no_customer(self):
        self.survey.respondent_mode = "anonymous"
        q_email = self.add_question("メール", field=self.partner_field("email"))
        count = self.env["res.partner"].search_count([])
        user_input = self.respond({self.q_score: "3", q_email: "someone@example.jp"}, partner=self.customer)
        self.assertFalse(user_input.partner_id)
        self.assertFalse(user_input.email)
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        self.assertEqual(self.customer.email, "customer@example.jp")
        record = self.env[self.database.model].browse(user_input.smart_record_id)
        self.assertEqual(record[self.score.name], 3)
        self.assertFalse(record.x_partner_id)

    def test_deleted_field_unlinks_questions(self):
        visits = self.create_field("来店回数", "integer")
        question = self.add_question("来店回数", field=visits.field_id)
        user_input = self.respond({question: "4", self.q_score: "7"}, partner=self.customer)
        visits.unlink()
        self.assertFalse(question.partner_field_id)
        self.assertIn("来店回数", self.survey.message_ids[0].body)
        self.assertEqual(user_input.user_input_line_ids.filtered(
            lambda line: line.question_id == question).value_char_box, "4", "the answers are kept")

    def test_deleted_database_detaches_survey(self):
        self.database.with_user(self.user_admin).unlink()
        self.assertFalse(self.survey.smart_database_id)
        self.assertFalse(self.q_score.smart_db_field_id)
        self.assertTrue(any("回答テスト" in message.body for message in self.survey.message_ids))
        user_input = self.respond({self.q_score: "5"}, partner=self.customer)
        self.assertEqual(user_input.state, "done")
