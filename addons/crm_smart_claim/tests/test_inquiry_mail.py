from odoo.tests import tagged

from .common import InquiryCase

MAIL = """Return-Path: <{email_from}>
From: Customer <{email_from}>
To: inquiry@{domain}
Subject: {subject}
Message-ID: <{msg_id}@example.jp>
Content-Type: text/plain; charset="utf-8"

商品の在庫について教えてください。
"""


@tagged("post_install", "-at_install")
class TestInquiryMail(InquiryCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("crm_smart_claim.mail_alias_smart_inquiry")
        if not cls.alias.alias_domain_id:
            cls.alias.alias_domain_id = cls.env["mail.alias.domain"].create({"name": "example.com"})

    def _receive(self, email_from, subject, msg_id):
        self.env["mail.thread"].message_process(
            "smart.inquiry",
            MAIL.format(email_from=email_from, domain=self.alias.alias_domain_id.name, subject=subject,
                        msg_id=msg_id))
        return self.Inquiry.search([("name", "=", subject)])

    def test_mail_creates_inquiry_for_known_customer(self):
        inquiry = self._receive("Customer@Example.jp", "在庫の確認", "stock-1")
        self.assertEqual(len(inquiry), 1)
        self.assertEqual(inquiry.partner_id, self.customer)
        self.assertEqual(inquiry.channel, "mail")
        self.assertEqual(inquiry.user_id, self.user_smart, "the customer's salesperson owns it")
        self.assertIn("在庫", inquiry.description)
        self.assertTrue(inquiry.alert_id.active)

    def test_mail_from_unknown_sender(self):
        inquiry = self._receive("stranger@example.org", "資料請求", "unknown-1")
        self.assertEqual(len(inquiry), 1)
        self.assertIn("stranger@example.org", inquiry.email_from)
        self.assertFalse(inquiry.partner_id)
        self.assertFalse(inquiry.alert_id)
