from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common_reports import SmartReportCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20 03:00:00")
class TestSmartAlert(SmartReportCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_partner = cls.env["res.partner"].create({"name": "株式会社テスト", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "担当 太郎", "parent_id": cls.company_partner.id})
        Alert = cls.env["smart.alert"].with_user(cls.rep)
        cls.future = Alert.create({"partner_id": cls.customer.id, "kind": "negative",
                                   "message": "Future", "date_from": "2026-12-01"})
        cls.current = Alert.create({"partner_id": cls.customer.id, "kind": "positive",
                                    "message": "VIP <script>alert(1)</script>",
                                    "date_from": "2026-11-01", "date_to": "2026-11-20"})
        cls.open_ended = Alert.create({"partner_id": cls.customer.id, "kind": "negative",
                                       "message": "Complaint in progress", "date_from": False})
        cls.expired = Alert.create({"partner_id": cls.customer.id, "kind": "negative",
                                    "message": "Expired", "date_from": "2026-10-01", "date_to": "2026-11-19"})

    def test_is_current(self):
        alerts = self.future | self.current | self.open_ended | self.expired
        self.assertEqual(alerts.filtered("is_current"), self.current | self.open_ended)
        Alert = self.env["smart.alert"]
        self.assertEqual(Alert.search([("id", "in", alerts.ids), ("is_current", "=", True)]),
                         self.current | self.open_ended)
        self.assertEqual(Alert.search([("id", "in", alerts.ids), ("is_current", "=", False)]),
                         self.future | self.expired)
        self.assertEqual(Alert.search([("id", "in", alerts.ids), ("is_current", "!=", True)]),
                         self.future | self.expired)

    def test_dates_checked(self):
        with self.assertRaisesRegex(ValidationError, "end before"):
            self.env["smart.alert"].create({"partner_id": self.customer.id, "message": "Bad",
                                            "date_from": "2026-11-20", "date_to": "2026-11-01"})

    def test_banner(self):
        html = str(self.customer.smart_alert_html)
        self.assertNotIn("<script>", html)
        self.assertIn("VIP &lt;script&gt;alert(1)&lt;/script&gt;", html)
        self.assertIn("Complaint in progress", html)
        self.assertNotIn("Future", html)
        self.assertNotIn("Expired", html)
        self.assertLess(html.index("Complaint in progress"), html.index("VIP"), "negative alerts come first")
        self.assertIn('class="alert alert-danger mb-1" role="alert"', html)
        self.assertIn('class="alert alert-success mb-1" role="status"', html)
        self.assertEqual(self.lead.smart_alert_html, self.customer.smart_alert_html)

    def test_banner_of_company_on_contact(self):
        self.env["smart.alert"].create({"partner_id": self.company_partner.id, "message": "Do not call before 10:00"})
        self.assertIn("Do not call before 10:00", str(self.contact.smart_alert_html))
        self.assertFalse(self.env["res.partner"].create({"name": "No alert"}).smart_alert_html)

    def test_banner_expires(self):
        self.assertIn("VIP", str(self.customer.smart_alert_html))
        with freeze_time("2026-11-21 03:00:00"):
            self.customer.invalidate_recordset(["smart_alert_html"])
            self.assertNotIn("VIP", str(self.customer.smart_alert_html))
            self.assertIn("Complaint in progress", str(self.customer.smart_alert_html))

    def test_banner_on_report_line(self):
        report = self._report(self.rep, "2026-11-20", lines=[{"kind": "visit", "partner_id": self.customer.id}])
        self.assertEqual(report.line_ids.smart_alert_html, self.customer.smart_alert_html)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_access(self):
        self.assertEqual(self.current.with_user(self.rep_other).message, "VIP <script>alert(1)</script>")
        with self.assertRaises(AccessError):
            self.current.with_user(self.rep_other).message = "Changed"
        self.current.with_user(self.rep).message = "VIP customer"
        self.current.with_user(self.user_manager).message = "VIP"
        self.assertEqual(self.current.message, "VIP")

    def test_author_set_by_creation(self):
        Alert = self.env["smart.alert"]
        with self.assertRaisesRegex(UserError, "Author"):
            Alert.with_user(self.rep).create({"partner_id": self.customer.id, "message": "Signed by Kudo",
                                              "user_id": self.rep_other.id})
        self.assertFalse(Alert.search([("message", "=", "Signed by Kudo")]))
        own = Alert.with_user(self.rep).create({"partner_id": self.customer.id, "message": "Mine",
                                                "user_id": self.rep.id})
        self.assertEqual(own.user_id, self.rep)
        for user in (self.rep, self.user_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Author"):
                self.current.with_user(user).write({"user_id": self.rep_other.id})
        self.assertEqual(self.current.user_id, self.rep)
        self.current.with_user(self.rep).write({"date_to": "2026-11-30"})
        self.assertEqual(str(self.current.date_to), "2026-11-30", "the validity dates stay the author's choice")

    def test_smart_button(self):
        self._report(self.rep, "2026-11-20", lines=[
            {"kind": "visit", "partner_id": self.contact.id},
            {"kind": "call", "partner_id": self.company_partner.id},
        ])
        self.assertEqual(self.company_partner.smart_report_line_count, 2)
        action = self.company_partner.action_view_smart_report_lines()
        self.assertEqual(self.env["smart.daily.report.line"].search(action["domain"]).partner_id,
                         self.contact | self.company_partner)

    def test_alert_smart_button(self):
        # the current alerts are counted; the button opens all of the customer's
        self.assertEqual(self.customer.with_user(self.rep).smart_alert_count, 2)
        action = self.customer.action_view_smart_alerts()
        self.assertEqual(self.env["smart.alert"].search(action["domain"]),
                         self.future | self.current | self.open_ended | self.expired)
        self.assertEqual(self.contact.smart_alert_count, 0)
