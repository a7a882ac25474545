from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_reports import SmartReportCase


@tagged("post_install", "-at_install")
class TestDailyReportSecurity(SmartReportCase):
    """Owner and review fields move through the workflow only, and a report reaches
    only the customers and opportunities its author may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_lead = cls.env["crm.lead"].create({
            "name": "Osaka franchise",
            "type": "opportunity",
            "partner_id": cls.customer.id,
            "user_id": cls.rep_other.id,
            "team_id": cls.other_team.id,
        })

    def _line(self, **values):
        return {"kind": "visit", "partner_id": self.customer.id, **values}

    def test_rep_files_only_own_draft(self):
        Report = self.Report.with_user(self.rep)
        with self.assertRaisesRegex(UserError, "Sales Rep"):
            Report.create({"user_id": self.rep_other.id, "date": "2026-11-20"})
        with self.assertRaisesRegex(UserError, "Sales Team"):
            Report.create({"date": "2026-11-20", "team_id": self.other_team.id})
        for field, value in (("approved_by_id", self.leader.id), ("approved_date", "2026-11-20 09:00:00"),
                             ("manager_comment", "Excellent")):
            with self.subTest(field=field), self.assertRaisesRegex(UserError, "buttons"):
                Report.create({"date": "2026-11-20", field: value})
        self.assertFalse(self.Report.search([("user_id", "in", (self.rep | self.rep_other).ids)]))

        # what the form sends: the rep, the rep's team and a draft
        report = Report.create({"user_id": self.rep.id, "team_id": self.team.id, "state": "draft",
                                "date": "2026-11-20"})
        self.assertEqual((report.user_id, report.team_id), (self.rep, self.team))

    def test_manager_files_for_a_rep(self):
        report = self.Report.with_user(self.user_manager).create({"user_id": self.rep.id, "date": "2026-11-20"})
        self.assertEqual((report.user_id, report.team_id), (self.rep, self.team))

    def test_owner_never_rewritten(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line()])
        for user in (self.rep, self.leader, self.user_manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "Sales Rep"):
                    report.with_user(user).write({"user_id": self.rep_other.id})
                with self.assertRaisesRegex(UserError, "Sales Team"):
                    report.with_user(user).write({"team_id": self.other_team.id})
        self.assertEqual((report.user_id, report.team_id), (self.rep, self.team))

    def test_reviewer_never_reviews_own_report(self):
        leader_report = self._report(self.leader, "2026-11-20", lines=[self._line()], team_id=self.team.id)
        manager_report = self._report(self.user_manager, "2026-11-20", lines=[self._line()])
        for report, user in ((leader_report, self.leader), (manager_report, self.user_manager)):
            with self.subTest(user=user.login):
                report.with_user(user).action_submit()
                self.assertFalse(report.with_user(user).is_reviewer)
                with self.assertRaisesRegex(UserError, "your own"):
                    report.with_user(user).action_approve()
                with self.assertRaisesRegex(UserError, "your own"):
                    report.with_user(user).action_return("Fine as it is")
                with self.assertRaisesRegex(UserError, "your own"):
                    report.with_user(user).manager_comment = "Well done, me"
                self.assertEqual(report.state, "submitted")
                self.assertFalse(report.manager_comment)
        self.assertNotIn(self.leader, leader_report.activity_ids.user_id, "a leader is not asked to review himself")
        leader_report.with_user(self.user_manager).action_approve()
        self.assertEqual(leader_report.approved_by_id, self.user_manager)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_lines_only_on_readable_records(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line(purpose="Tasting")])
        Line = self.env["smart.daily.report.line"].with_user(self.rep)
        with self.assertRaisesRegex(UserError, 'Line "Visit: Sales pitch": you have no access to its opportunity'):
            Line.create(self._line(report_id=report.id, lead_id=self.other_lead.id, purpose="Sales pitch"))
        with self.assertRaisesRegex(UserError, 'Line "Visit: Tasting": you have no access to its opportunity'):
            report.line_ids.with_user(self.rep).lead_id = self.other_lead
        with self.assertRaisesRegex(UserError, 'Line "Call": you have no access to its opportunity'):
            self.Report.with_user(self.rep).create({"date": "2026-11-21", "line_ids": [
                (0, 0, {"kind": "call", "lead_id": self.other_lead.id})]})

        other_company = self.env["res.company"].create({"name": "Other Company"})
        hidden = self.env["res.partner"].create({"name": "Hidden customer", "company_id": other_company.id})
        with self.assertRaisesRegex(UserError, 'Line "Visit": you have no access to its customer'):
            Line.create({"report_id": report.id, "partner_id": hidden.id})
        self.assertFalse(report.line_ids.lead_id)
        self.assertEqual(len(report.line_ids), 1)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_submission_does_not_escalate(self):
        report = self._report(self.rep, "2026-11-20", lines=[
            self._line(lead_id=self.other_lead.id, purpose="Sales pitch", result="Met the owner",
                       next_step="Send the contract")])
        messages, activities = self.other_lead.message_ids, self.other_lead.activity_ids
        with self.assertRaisesRegex(UserError, 'Line "Visit: Sales pitch": you have no access to its opportunity'):
            report.with_user(self.rep).action_submit()
        self.assertEqual(report.state, "draft")
        self.assertEqual(self.other_lead.message_ids, messages)
        self.assertEqual(self.other_lead.activity_ids, activities)

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_earlier_lines_on_unreadable_records(self):
        """Lines filed before lines were checked may name records their rep may not read:
        the report still opens, says which lines to change, shows none of their alerts,
        and is refused at submission until they are changed."""
        other_company = self.env["res.company"].create({"name": "Other Company"})
        hidden = self.env["res.partner"].create({"name": "Hidden customer", "company_id": other_company.id})
        self.env["smart.alert"].create({"partner_id": hidden.id, "kind": "negative", "message": "Unpaid invoices",
                                        "date_from": False})
        report = self._report(self.rep, "2026-11-20", lines=[
            self._line(purpose="Tasting"),
            self._line(partner_id=hidden.id, purpose="Cold call", kind="call"),
            self._line(lead_id=self.other_lead.id, purpose="Sales pitch")])
        mine = report.with_user(self.rep)
        values = mine.web_read({"line_access_notice": {}, "line_ids": {"fields": {
            "partner_id": {"fields": {"display_name": {}}}, "lead_id": {"fields": {"display_name": {}}},
            "purpose": {}, "smart_alert_html": {}}}})[0]
        self.assertEqual(values["line_access_notice"].splitlines(), [
            'Line "Call: Cold call": you have no access to its customer.',
            'Line "Visit: Sales pitch": you have no access to its opportunity.'])
        alerts = {line["purpose"]: line["smart_alert_html"] for line in values["line_ids"]}
        self.assertFalse(alerts["Cold call"], "no alert of a customer the rep may not read")
        self.assertFalse(report.line_access_notice, "the superuser reads every line")

        with self.assertRaisesRegex(UserError, 'Line "Call: Cold call": you have no access to its customer'):
            mine.action_submit()
        mine.line_ids.filtered(lambda line: line.purpose == "Cold call").unlink()
        self.assertEqual(mine.line_access_notice, 'Line "Visit: Sales pitch": you have no access to its opportunity.')
        mine.line_ids.filtered(lambda line: line.purpose == "Sales pitch").lead_id = self.lead
        self.assertFalse(mine.line_access_notice)
        mine.action_submit()
        self.assertEqual(report.state, "submitted")

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_lines_stay_on_own_reports(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line()])
        other = self._report(self.rep_other, "2026-11-20")
        with self.assertRaises(AccessError):
            report.line_ids.with_user(self.rep).report_id = other
        self.assertEqual(report.line_ids.report_id, report)
        self.assertFalse(other.line_ids)

    def test_prefill_leaves_out_unreadable_opportunity(self):
        """A call the rep made on a colleague's opportunity is pre-filled with the customer only."""
        activity = self.other_lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Joint call", user_id=self.rep.id)
        activity.action_feedback(feedback="Introduced our new line")
        action = self.Report.with_user(self.rep).action_my_report()
        line = self.Report.browse(action["res_id"]).line_ids.filtered(lambda line: line.purpose == "Joint call")
        self.assertEqual((line.partner_id, line.lead_id), (self.customer, self.env["crm.lead"]))
