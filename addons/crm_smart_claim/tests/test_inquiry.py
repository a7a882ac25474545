from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import InquiryCase


@tagged("post_install", "-at_install")
class TestInquiryWorkflow(InquiryCase):

    def test_open_inquiry_alerts_customer_until_closed(self):
        inquiry = self._inquiry(kind="complaint").with_user(self.user_smart)
        alert = inquiry.alert_id
        self.assertTrue(alert.active)
        self.assertEqual(alert.partner_id, self.customer)
        self.assertEqual(alert.kind, "negative")
        self.assertIn("配送の遅れ", alert.message)
        self.assertIn(alert, self.env["smart.alert"].search([("partner_id", "=", self.customer.id)]))
        self.assertEqual(self.customer.smart_inquiry_open_count, 1)

        inquiry.action_start()
        self.assertEqual(inquiry.state, "progress")
        self.assertTrue(alert.active, "an inquiry in progress is still open")

        inquiry.action_close()
        self.assertEqual(inquiry.state, "closed")
        self.assertTrue(inquiry.date_closed)
        self.assertFalse(alert.active)
        self.customer.invalidate_recordset(["smart_inquiry_open_count"])
        self.assertEqual(self.customer.smart_inquiry_open_count, 0)

        inquiry.action_reopen()
        self.assertEqual(inquiry.alert_id, alert)
        self.assertTrue(alert.active)

    def test_alert_follows_customer_and_subject(self):
        inquiry = self._inquiry()
        inquiry.write({"partner_id": self.other_customer.id, "name": "請求書の再発行"})
        self.assertEqual(inquiry.alert_id.partner_id, self.other_customer)
        self.assertIn("請求書の再発行", inquiry.alert_id.message)

    def test_no_alert_without_customer(self):
        inquiry = self.Inquiry.create({"name": "匿名の問い合わせ"})
        self.assertFalse(inquiry.alert_id)
        inquiry.partner_id = self.customer
        self.assertTrue(inquiry.alert_id.active)

    def test_duplicate_starts_open(self):
        inquiry = self._inquiry().with_user(self.user_smart)
        inquiry.action_close()
        copy = inquiry.copy()
        self.assertEqual(copy.state, "open")
        self.assertNotEqual(copy.alert_id, inquiry.alert_id)
        self.assertTrue(copy.alert_id.active)

    def test_wrong_transition_refused(self):
        inquiry = self._inquiry()
        inquiry.action_close()
        with self.assertRaises(UserError):
            inquiry.action_close()
        with self.assertRaises(UserError):
            inquiry.action_start()
        self.assertEqual(inquiry.state, "closed")

    def test_workflow_fields_not_writable(self):
        inquiry = self._inquiry().with_user(self.user_smart)
        for values in ({"state": "closed"}, {"date_open": fields.Datetime.now()}, {"escalated": True},
                       {"alert_id": False}):
            with self.subTest(values=values), self.assertRaises(UserError):
                inquiry.write(values)
        with self.assertRaises(UserError):
            self.Inquiry.with_user(self.user_smart).create({"name": "x", "state": "closed"})
        self.assertEqual(inquiry.state, "open")

    def test_escalation_of_old_inquiries(self):
        self.company.smart_inquiry_escalation_days = 3
        leader = self.user_manager
        team = self.env["crm.team"].create({"name": "東京営業部", "user_id": leader.id})
        team.member_ids = self.user_smart
        old = self._inquiry(user_id=self.user_smart.id)
        old.sudo().date_open = fields.Datetime.now() - timedelta(days=4)
        recent = self._inquiry(name="新しい問い合わせ")
        self.Inquiry._cron_escalate()
        self.assertTrue(old.escalated)
        self.assertFalse(recent.escalated)
        self.assertEqual(old.alert_id.message, "Overdue Inquiry: 配送の遅れ")
        self.assertEqual(recent.alert_id.message, "Open Inquiry: 新しい問い合わせ")
        self.assertEqual(old.activity_ids.user_id, leader)
        self.Inquiry._cron_escalate()
        self.assertEqual(len(old.activity_ids), 1, "an inquiry is escalated once")
