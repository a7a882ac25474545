import datetime

from odoo.tests import freeze_time, new_test_user, tagged

from .common_reports import SmartReportCase


@tagged("post_install", "-at_install")
class TestTimeZone(SmartReportCase):
    """A rep's day is counted in the rep's zone, else in the zone of the company's address, else UTC;
    whoever looks at the report, and the reminder cron, count it the same way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Tokyo"
        cls.rep_no_zone = new_test_user(cls.env, login="rep_sasaki", groups="crm_smart_base.group_smart_user",
                                        name="Rep Sasaki", email="sasaki@example.jp", tz=False)
        cls.env["crm.team.member"].create({"crm_team_id": cls.team.id, "user_id": cls.rep_no_zone.id})
        cls.manager_paris = new_test_user(cls.env, login="manager_paris",
                                          groups="crm_smart_base.group_smart_manager", name="Manager Martin",
                                          tz="Europe/Paris")

    def test_fallback_rule(self):
        self.assertEqual(self.rep._smart_day_tz(self.company), "Asia/Tokyo")
        self.manager_paris.company_id.partner_id.tz = "Asia/Tokyo"
        self.assertEqual(self.manager_paris._smart_day_tz(self.company), "Europe/Paris", "the user's zone first")
        self.assertEqual(self.rep_no_zone._smart_day_tz(self.company), "Asia/Tokyo", "then the company's")
        self.company.partner_id.tz = False
        self.assertEqual(self.rep_no_zone._smart_day_tz(self.company), "UTC")

    @freeze_time("2026-11-20 16:00:00")  # 01:00 on the 21st in Tokyo, 17:00 on the 20th in Paris
    def test_my_report_in_company_zone(self):
        Report = self.Report.with_user(self.rep_no_zone)
        self.assertEqual(Report.default_get(["date"])["date"], datetime.date(2026, 11, 21))
        report = Report.browse(Report.action_my_report()["res_id"])
        self.assertEqual(report.date, datetime.date(2026, 11, 21))

    def test_prefill_in_rep_zone_for_any_reader(self):
        """An activity done at 01:30 in Tokyo belongs to the 20th for a rep without a zone of their own,
        also when a manager in Paris prefills the report."""
        self._early_call_done(self.rep_no_zone)
        reports = self.Report.create([
            {"user_id": self.rep_no_zone.id, "date": datetime.date(2026, 11, day)} for day in (19, 20)])

        def purposes(report):
            report = report.with_user(self.manager_paris).with_context(tz="Europe/Paris")
            return [command[2]["purpose"] for command in report._prefill_line_commands()]

        self.assertNotIn("Early call", purposes(reports[0]))
        self.assertIn("Early call", purposes(reports[1]))

    @freeze_time("2026-11-20 16:00:00")  # 01:00 on the 21st in Tokyo, 17:00 on the 20th in Paris
    def test_next_step_tomorrow_of_the_rep(self):
        report = self._report(self.rep, "2026-11-20", lines=[
            {"kind": "call", "partner_id": self.customer.id, "next_step": "Call again"}])
        report.with_user(self.manager_paris).with_context(tz="Europe/Paris").action_submit()
        activity = self.customer.activity_ids.filtered(lambda a: a.summary == "Call again")
        self.assertEqual(activity.date_deadline, datetime.date(2026, 11, 22), "tomorrow in Tokyo")

    def test_reminder_in_company_zone(self):
        self.company.smart_report_reminder_hour = 18.0
        self.rep_other.tz = "Europe/Paris"
        self.env["crm.team.member"].create({"crm_team_id": self.team.id, "user_id": self.rep_other.id})
        cron = self.env.ref("crm_smart_sales.ir_cron_smart_daily_report_reminder")
        with freeze_time("2026-11-20 09:30:00"):  # 18:30 in Tokyo, 10:30 in Paris
            cron.ir_actions_server_id.run()
        report = self.Report.search([("user_id", "=", self.rep_no_zone.id)])
        self.assertEqual(report.date, datetime.date(2026, 11, 20))
        reminder = report.activity_ids.filtered(lambda a: a.user_id == self.rep_no_zone)
        self.assertEqual(reminder.date_deadline, datetime.date(2026, 11, 20))
        self.assertFalse(self.Report.search([("user_id", "=", self.rep_other.id)]), "too early in Paris")

    @freeze_time("2026-11-20 16:00:00")  # 01:00 on the 21st in Tokyo
    def test_alert_current_in_company_zone(self):
        alert = self.env["smart.alert"].create({
            "partner_id": self.customer.id, "message": "Closed on the 21st", "date_from": "2026-11-21"})
        Alert = self.env["smart.alert"].with_user(self.rep_no_zone)
        self.assertTrue(Alert.browse(alert.id).is_current)
        self.assertIn(alert, Alert.search([("is_current", "=", True)]))
        self.assertIn("Closed on the 21st", self.customer.with_user(self.rep_no_zone).smart_alert_html)
