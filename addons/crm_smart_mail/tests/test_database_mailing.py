from odoo.tests import tagged

from .common import SmartMailCase
from odoo.addons.crm_smart_data.tests.common import SmartFieldCase


@tagged("at_install", "-post_install")
class TestDatabaseMailing(SmartMailCase, SmartFieldCase):
    """A Smart CRM database with an email field is a mailing target; its records
    are mailed through the consent of their customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.database = cls.env["smart.database"].with_user(cls.user_admin).create({
            "name": "配信テスト参加者", "partner_link": True, "chatter": True}).with_env(cls.env)
        cls.Model = cls.env[cls.database.model]

    def _add_email_field(self):
        return self.create_field("連絡先メール", "email", model_id=self.database.model_id.id)

    def test_database_without_discussion_is_not_mailable(self):
        database = self.env["smart.database"].with_user(self.user_admin).create({
            "name": "チャットなし", "partner_link": True}).with_env(self.env)
        self.create_field("メール", "email", model_id=database.model_id.id)
        self.assertFalse(database.model_id.is_mailing_enabled)

    def test_mailable_once_it_has_an_email_field(self):
        model = self.database.model_id
        self.assertFalse(model.is_mailing_enabled)
        self.assertNotIn(model, self.env["ir.model"].search([("is_mailing_enabled", "=", True)]))
        email_field = self._add_email_field()
        model.invalidate_recordset(["is_mailing_enabled"])
        self.assertTrue(model.is_mailing_enabled)
        self.assertEqual(self.env[self.database.model]._primary_email, email_field.name)

    def test_records_mailed_through_their_customer_consent(self):
        email_field = self._add_email_field().name
        Model = self.env[self.database.model]
        records = Model.create([
            {"x_name": "同意あり", email_field: "guest1@example.jp", "x_partner_id": self.consenting[0].id},
            {"x_name": "同意なし", email_field: "guest2@example.jp", "x_partner_id": self.no_consent.id},
            {"x_name": "顧客なし", email_field: "guest3@example.jp"},
        ])
        mailing = self.env["mailing.mailing"].create({
            "subject": "イベントのご案内",
            "body_html": "<p>ご参加ありがとうございました</p>",
            "mailing_model_id": self.database.model_id.id,
            "mailing_domain": repr([("id", "in", records.ids)]),
        })
        mailing.action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(traces.mapped("res_id"), records[0].ids)
        self.assertEqual(traces.email, "guest1@example.jp")
