from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import InquiryCase


@tagged("post_install", "-at_install")
class TestInquirySecurity(InquiryCase):

    def test_portal_user_reads_only_own(self):
        own = self._inquiry(self.portal_partner)
        other = self._inquiry(self.other_customer)
        Inquiry = self.Inquiry.with_user(self.portal_user)
        self.assertEqual(Inquiry.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["name"])

    def test_portal_user_cannot_write_or_create(self):
        own = self._inquiry(self.portal_partner).with_user(self.portal_user)
        with self.assertRaises(AccessError):
            own.write({"user_id": self.portal_user.id})
        with self.assertRaises(AccessError):
            own.write({"name": "変更"})
        with self.assertRaises(AccessError):
            self.Inquiry.with_user(self.portal_user).create({"name": "直接作成", "partner_id": self.portal_partner.id})
        with self.assertRaises(AccessError):
            own.action_close()
        self.assertEqual(own.sudo().state, "open")

    def test_employee_without_smart_group_has_no_access(self):
        inquiry = self._inquiry()
        with self.assertRaises(AccessError):
            inquiry.with_user(self.user_employee).read(["name"])

    def test_user_logs_and_manager_deletes(self):
        inquiry = self.Inquiry.with_user(self.user_smart).create({
            "name": "電話での問い合わせ", "partner_id": self.customer.id, "channel": "phone"})
        self.assertEqual(inquiry.user_id, self.user_smart)
        with self.assertRaises(AccessError):
            inquiry.unlink()
        inquiry.with_user(self.user_manager).unlink()
        self.assertFalse(inquiry.exists())

    def test_other_company_hidden(self):
        company = self.env["res.company"].create({"name": "別会社"})
        inquiry = self._inquiry(company_id=company.id)
        self.assertNotIn(inquiry, self.Inquiry.with_user(self.user_smart).search([]))
