import datetime

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common_reports import SmartReportCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20 03:00:00")
class TestPartnerSummary(SmartReportCase):
    """Last visit and last alert of a customer, stored for searches and segments."""

    def test_last_visit_counts_submitted_visits(self):
        visit = {"partner_id": self.customer.id, "kind": "visit", "purpose": "新商品の案内"}
        call = {"partner_id": self.customer.id, "kind": "call", "purpose": "電話"}
        older = self._report(self.rep, "2026-11-10", [visit]).with_user(self.rep)
        older.action_submit()
        self.assertEqual(self.customer.smart_last_visit_date, datetime.date(2026, 11, 10))
        draft = self._report(self.rep, "2026-11-18", [visit])
        self.assertEqual(self.customer.smart_last_visit_date, datetime.date(2026, 11, 10), "a draft is no visit")
        calls = self._report(self.rep, "2026-11-19", [call]).with_user(self.rep)
        calls.action_submit()
        self.assertEqual(self.customer.smart_last_visit_date, datetime.date(2026, 11, 10), "a call is no visit")
        draft.with_user(self.rep).action_submit()
        self.assertEqual(self.customer.smart_last_visit_date, datetime.date(2026, 11, 18))
        Partner = self.env["res.partner"].with_user(self.user_smart)
        self.assertEqual(Partner.search([("id", "=", self.customer.id),
                                         ("smart_last_visit_date", ">=", "2026-11-15")]), self.customer)

    def test_last_alert(self):
        self.assertFalse(self.customer.smart_last_alert_date)
        alert = self.env["smart.alert"].create({"partner_id": self.customer.id, "message": "要注意",
                                                "date_from": "2026-11-05"})
        self.assertEqual(self.customer.smart_last_alert_date, datetime.date(2026, 11, 5))
        alert.active = False
        self.assertFalse(self.customer.smart_last_alert_date, "an archived alert is no alert")

    def test_smart_users_only(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_employee).read(["smart_last_visit_date"])
