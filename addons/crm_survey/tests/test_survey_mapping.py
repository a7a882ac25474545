from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveyMapping(SurveyCase):
    """Each kind of question into each kind of field, converted as uploads convert."""

    def test_text_and_phone_answers(self):
        phone = self.create_field("携帯電話", "phone")
        q_name = self.add_question("お名前", field=self.partner_field("name"))
        q_phone = self.add_question("電話番号", field=self.partner_field("phone"))
        q_mobile = self.add_question("携帯", field=phone.field_id)
        user_input = self.respond({q_name: "　山田　花子　", q_phone: "０３－１２３４－５６７８",
                                   q_mobile: "０９０１２３４５６７８"}, partner=self.customer)
        self.assertFalse(user_input.smart_sync_error)
        self.assertEqual(self.customer.name, "テスト 顧客", "fill-only: a filled name is kept")
        self.assertEqual(self.customer.phone, "03-1234-5678")
        self.assertEqual(self.customer[phone.name], "+819012345678")

    def test_number_and_date_answers(self):
        visits = self.create_field("来店回数", "integer")
        spent = self.create_field("ご予算", "monetary")
        birthday = self.create_field("記念日", "date")
        q_visits = self.add_question("来店回数", "char_box", field=visits.field_id)
        q_spent = self.add_question("ご予算", "numerical_box", field=spent.field_id)
        q_birthday = self.add_question("生年月日", "date", field=birthday.field_id)
        self.respond({q_visits: "１２", q_spent: "3500", q_birthday: "1990-04-01"}, partner=self.customer)
        self.assertEqual(self.customer[visits.name], 12)
        self.assertEqual(self.customer[spent.name], 3500.0)
        self.assertEqual(str(self.customer[birthday.name]), "1990-04-01")

    def test_single_choice_by_label_and_by_mapping(self):
        reason = self.create_field("知ったきっかけ", "selection", choices=["紹介", "Web", "チラシ"])
        question = self.add_question("きっかけ", "simple_choice", field=reason.field_id,
                                     choices=["紹介", "ウェブサイト", "チラシ"])
        by_label = self.choice(question, "紹介").smart_choice_ids
        self.assertEqual(by_label.label, "紹介", "same label, same choice")
        self.assertFalse(self.choice(question, "ウェブサイト").smart_choice_ids, "no label matches")
        web = reason.choice_ids.filtered(lambda choice: choice.label == "Web")
        self.choice(question, "ウェブサイト").smart_choice_ids = web
        self.respond({question: self.choice(question, "ウェブサイト").id}, partner=self.customer)
        self.assertEqual(self.customer[reason.name], web)

    def test_multiple_choice_into_tags(self):
        menu = self.create_field("好きな施術", "tags", choices=["カット", "カラー", "ヘッドスパ"])
        question = self.add_question("好きなメニュー", "multiple_choice", field=menu.field_id,
                                     choices=["カット", "カラー", "ヘッドスパ"])
        self.respond({question: [self.choice(question, "カット").id, self.choice(question, "ヘッドスパ").id]},
                     partner=self.customer)
        self.assertEqual(sorted(self.customer[menu.name].mapped("label")), ["カット", "ヘッドスパ"])

    def test_incompatible_links_refused(self):
        visits = self.create_field("来店回数", "integer")
        reason = self.create_field("知ったきっかけ", "selection", choices=["紹介"])
        with self.assertRefused(ValidationError, "cannot fill the field"):
            self.add_question("来店日", "date", field=visits.field_id)
        with self.assertRefused(ValidationError, "cannot fill the field"):
            self.add_question("きっかけ", "multiple_choice", field=reason.field_id, choices=["紹介"])
        with self.assertRefused(ValidationError, "cannot fill the field"):
            self.add_question("ご意見", "text_box", field=self.partner_field("email"))
        with self.assertRefused(ValidationError, "cannot be filled by a survey"):
            self.add_question("会社", "char_box", field=self.partner_field("parent_id"))

    def test_failed_conversion_keeps_response_and_customer(self):
        visits = self.create_field("来店回数", "integer")
        q_name = self.add_question("お名前", field=self.partner_field("name"))
        q_visits = self.add_question("来店回数", "char_box", field=visits.field_id)
        self.survey.smart_update_mode = "overwrite"
        user_input = self.respond({q_name: "新しい 名前", q_visits: "たくさん"}, partner=self.customer)
        self.assertEqual(user_input.state, "done")
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertIn("来店回数", user_input.smart_sync_error)
        self.assertIn("is not a number", user_input.smart_sync_error)
        self.assertEqual(self.customer.name, "テスト 顧客", "no answer is written when one fails")
        self.assertFalse(self.customer[visits.name])
        self.assertEqual(len(user_input.user_input_line_ids), 2, "the answers are kept")

    def test_datetime_and_yes_no_answers(self):
        visited = self.create_field("前回来店日時", "datetime")
        newsletter = self.create_field("メルマガ希望", "boolean")
        q_visited = self.add_question("前回のご来店", "datetime", field=visited.field_id)
        q_newsletter = self.add_question("メルマガを希望しますか", "simple_choice", field=newsletter.field_id,
                                         choices=["はい", "いいえ"])
        self.respond({q_visited: "2026-04-01 01:30:00", q_newsletter: self.choice(q_newsletter, "はい").id},
                     partner=self.customer)
        self.assertEqual(str(self.customer[visited.name]), "2026-04-01 01:30:00", "stored in UTC as answered")
        self.assertTrue(self.customer[newsletter.name])
