import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common_reports import SmartReportCase


@tagged("post_install", "-at_install")
class TestDailyReport(SmartReportCase):

    def _reminder_mails(self, user):
        """Reminder emails sent to ``user``: the template's subject for one of their reports."""
        template = self.env.ref("crm_smart_sales.mail_template_smart_daily_report_reminder")
        reports = self.Report.search([("user_id", "=", user.id)])
        subjects = template._render_field("subject", reports.ids, compute_lang=True)
        mails = self.env["mail.mail"].search([
            ("model", "=", "smart.daily.report"), ("res_id", "in", reports.ids),
            ("recipient_ids", "in", user.partner_id.ids)])
        return mails.filtered(lambda mail: mail.subject == subjects[mail.res_id])

    def _line(self, **values):
        return {"kind": "visit", "partner_id": self.customer.id, **values}

    def test_defaults_and_stats(self):
        report = self.Report.with_user(self.rep).create({
            "line_ids": [
                (0, 0, self._line(start="2026-11-23 01:00:00", end="2026-11-23 02:30:00", next_step="Send quote")),
                (0, 0, self._line(kind="call", duration=0.25)),
            ],
        })
        self.assertEqual(report.user_id, self.rep)
        self.assertEqual(report.date, fields.Date.context_today(report))
        self.assertEqual(report.team_id, self.team)
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.line_count, 2)
        self.assertEqual(report.visit_count, 1)
        self.assertAlmostEqual(report.total_hours, 1.75)
        self.assertEqual(report.next_step_count, 1)
        year, week, _day = report.date.isocalendar()
        self.assertEqual(report.week, f"{year}-W{week:02d}")

    def test_one_report_per_day(self):
        self._report(self.rep, "2026-11-20")
        with self.assertRaisesRegex(ValidationError, "already a daily report"):
            self._report(self.rep, "2026-11-20")
        other = self._report(self.rep, "2026-11-21")
        with self.assertRaisesRegex(ValidationError, "already a daily report"):
            other.date = "2026-11-20"
        self.assertEqual(str(other.date), "2026-11-21")
        # Another rep may report the same day.
        self._report(self.rep_other, "2026-11-20")

    def test_bad_lines(self):
        report = self._report(self.rep, "2026-11-20")
        Line = self.env["smart.daily.report.line"]
        with self.assertRaisesRegex(ValidationError, "end time"):
            Line.create(self._line(report_id=report.id, start="2026-11-20 03:00:00", end="2026-11-20 02:00:00"))
        with self.assertRaisesRegex(ValidationError, "customer or an opportunity"):
            Line.create({"report_id": report.id, "kind": "call"})
        line = Line.create({"report_id": report.id, "kind": "call", "lead_id": self.lead.id})
        with self.assertRaisesRegex(ValidationError, "customer or an opportunity"):
            line.lead_id = False
        self.assertEqual(line.lead_id, self.lead)
        self.assertEqual(report.line_count, 1)

    def test_name_search_by_rep_and_date(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line()])
        other = self._report(self.rep_other, "2026-11-20")
        found = self.Report.browse([report_id for report_id, _name in self.Report.name_search("Rep Ito")])
        self.assertIn(report, found)
        self.assertNotIn(other, found)
        self.assertEqual(self.env["smart.daily.report.line"].search([("report_id", "ilike", "Rep Ito")]),
                         report.line_ids)
        by_date = self.Report.search([("display_name", "ilike", "2026-11-20")])
        self.assertEqual(by_date & (report | other), report | other)

    def test_submit_without_lines(self):
        report = self._report(self.rep, "2026-11-20")
        with self.assertRaisesRegex(UserError, "at least one"):
            report.with_user(self.rep).action_submit()
        self.assertEqual(report.state, "draft")

    @freeze_time("2026-11-20 03:00:00")
    def test_submit_effects(self):
        report = self._report(self.rep, "2026-11-20", lines=[
            self._line(lead_id=self.lead.id, result="Asked for a quote <b>today</b>", next_step="Send the quote",
                       next_step_date="2026-11-25"),
            self._line(kind="call", result="Out of office", next_step="Call again"),
        ])
        report.with_user(self.rep).action_submit()
        self.assertEqual(report.state, "submitted")

        lead_activity = self.lead.activity_ids.filtered(lambda a: a.summary == "Send the quote")
        self.assertEqual(len(lead_activity), 1)
        self.assertEqual(lead_activity.res_model, "crm.lead")
        self.assertEqual(lead_activity.user_id, self.rep)
        self.assertEqual(str(lead_activity.date_deadline), "2026-11-25")
        self.assertEqual(lead_activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))

        partner_activity = self.customer.activity_ids.filtered(lambda a: a.summary == "Call again")
        self.assertEqual(partner_activity.res_model, "res.partner")
        self.assertEqual(partner_activity.user_id, self.rep)
        self.assertEqual(str(partner_activity.date_deadline), "2026-11-21", "tomorrow by default")

        note = self.env.ref("mail.mt_note")
        lead_messages = self.lead.message_ids.filtered(lambda m: m.subtype_id == note)
        self.assertEqual(len(lead_messages), 1)
        self.assertIn("Asked for a quote &lt;b&gt;today&lt;/b&gt;", lead_messages.body, "the result is escaped")
        self.assertIn(report.display_name, lead_messages.body)
        partner_bodies = self.customer.message_ids.filtered(
            lambda m: m.subtype_id == note and report.display_name in m.body).mapped("body")
        self.assertEqual(len(partner_bodies), 2)
        self.assertTrue(any("Out of office" in body for body in partner_bodies))
        self.assertEqual(self.lead.message_ids.filtered(lambda m: m.subtype_id == note).author_id,
                         self.rep.partner_id)

        review = report.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(review), 1, "the team leader is asked to review")

    def test_review_cycle(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line(result="Met the owner")])
        report.with_user(self.rep).action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.rep_other).action_approve()
        with self.assertRaisesRegex(UserError, "your own"):
            report.with_user(self.rep).action_approve()

        wizard = self.env["smart.daily.report.return.wizard"].with_user(self.leader).create({
            "report_ids": [(6, 0, report.ids)], "reason": "Add the quote amount",
        })
        wizard.action_confirm()
        self.assertEqual(report.state, "returned")
        self.assertIn("Add the quote amount", report.message_ids[0].body)
        self.assertIn(self.rep.partner_id, report.message_ids[0].partner_ids)
        self.assertTrue(report.activity_ids.filtered(lambda a: a.user_id == self.rep))
        self.assertFalse(report.activity_ids.filtered(lambda a: a.user_id == self.leader),
                         "the review activity is closed")
        with self.assertRaisesRegex(UserError, "reason"):
            report.with_user(self.leader).action_return(" ")

        report.with_user(self.rep).action_reset_to_draft()
        self.assertEqual(report.state, "draft")
        report.with_user(self.rep).summary = "Quote amount added"
        report.with_user(self.rep).action_submit()
        report.with_user(self.leader).manager_comment = "Good work"
        report.with_user(self.leader).action_approve()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.leader)
        self.assertIn(self.rep.partner_id, report.message_ids[0].partner_ids)

    def test_approved_is_frozen(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line()])
        report.with_user(self.rep).action_submit()
        report.with_user(self.user_manager).action_approve()
        with self.assertRaisesRegex(UserError, "approved"):
            report.with_user(self.rep).summary = "Late edit"
        with self.assertRaisesRegex(UserError, "approved"):
            report.with_user(self.user_manager).summary = "Late edit"
        with self.assertRaisesRegex(UserError, "approved"):
            report.line_ids.with_user(self.rep).purpose = "Late edit"
        with self.assertRaisesRegex(UserError, "approved"):
            report.line_ids.with_user(self.rep).unlink()
        self.assertFalse(report.summary)
        report.with_user(self.user_manager).manager_comment = "Noted"
        self.assertEqual(report.manager_comment, "Noted")

    def test_workflow_fields_guarded(self):
        report = self._report(self.rep, "2026-11-20", lines=[self._line()])
        with self.assertRaisesRegex(UserError, "buttons"):
            report.with_user(self.rep).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "buttons"):
            self.Report.with_user(self.rep).create({"date": "2026-11-21", "state": "approved"})
        with self.assertRaisesRegex(UserError, "your own"):
            report.with_user(self.rep).manager_comment = "Self praise"
        self.assertEqual(report.state, "draft")

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_record_rules(self):
        mine = self._report(self.rep, "2026-11-20", lines=[self._line()])
        other = self._report(self.rep_other, "2026-11-20", lines=[self._line()])
        Report = self.Report.with_user(self.rep)
        self.assertEqual(Report.search([("id", "in", (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.rep).read(["summary"])
        with self.assertRaises(AccessError):
            other.line_ids.with_user(self.rep).read(["result"])
        self.assertFalse(self.env["smart.daily.report.line"].with_user(self.rep).search(
            [("report_id", "=", other.id)]))

        leader_reports = self.Report.with_user(self.leader).search([("id", "in", (mine | other).ids)])
        self.assertEqual(leader_reports, mine, "a team leader sees the reports of the team only")
        manager_reports = self.Report.with_user(self.user_manager).search([("id", "in", (mine | other).ids)])
        self.assertEqual(manager_reports, mine | other)
        with self.assertRaises(AccessError):
            mine.with_user(self.leader).summary = "Rewritten by the leader"

    def test_activity_done_after_midnight_in_tokyo(self):
        """An activity done at 01:30 in Tokyo belongs to that day's report, though
        its done date (in UTC) is the day before."""
        self._early_call_done(self.rep)
        reports = self.Report.with_user(self.rep).create([
            {"user_id": self.rep.id, "date": datetime.date(2026, 11, day)} for day in (19, 20)])

        def purposes(report):
            return [command[2]["purpose"] for command in report._prefill_line_commands()]

        self.assertNotIn("Early call", purposes(reports[0]))
        self.assertIn("Early call", purposes(reports[1]))

    def test_prefill_my_report(self):
        tokyo_today = fields.Date.context_today(self.Report.with_user(self.rep))
        morning = datetime.datetime.combine(tokyo_today, datetime.time(1, 0))  # 10:00 in Tokyo
        visit = self.env["calendar.event"].create({
            "name": "Tasting at the shop",
            "start": morning, "stop": morning + datetime.timedelta(hours=1),
            "partner_ids": [(6, 0, (self.rep.partner_id | self.customer).ids)],
            "location": "Shibuya shop",
        })
        self.env["calendar.event"].create({
            "name": "Online demo",
            "start": morning + datetime.timedelta(hours=3), "stop": morning + datetime.timedelta(hours=4),
            "partner_ids": [(6, 0, (self.rep.partner_id | self.customer).ids)],
            "videocall_location": "https://meet.example.jp/demo",
        })
        self.env["calendar.event"].create({
            "name": "Someone else's meeting",
            "start": morning, "stop": morning + datetime.timedelta(hours=1),
            "partner_ids": [(6, 0, (self.rep_other.partner_id | self.customer).ids)],
        })
        activity = self.lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Follow-up call", user_id=self.rep.id)
        activity.with_user(self.rep).action_feedback(feedback="Agreed on a visit")
        self.lead.activity_schedule("mail.mail_activity_data_todo", summary="Still open", user_id=self.rep.id)

        action = self.Report.with_user(self.rep).action_my_report()
        report = self.Report.browse(action["res_id"])
        self.assertEqual(report.user_id, self.rep)
        self.assertEqual(report.date, tokyo_today)
        lines = report.line_ids
        self.assertEqual(sorted(lines.mapped("purpose")), ["Follow-up call", "Online demo", "Tasting at the shop"])
        visit_line = lines.filtered(lambda line: line.purpose == "Tasting at the shop")
        self.assertEqual(visit_line.kind, "visit")
        self.assertEqual(visit_line.partner_id, self.customer)
        self.assertEqual(visit_line.start, visit.start)
        self.assertAlmostEqual(visit_line.duration, 1.0)
        self.assertEqual(lines.filtered(lambda line: line.purpose == "Online demo").kind, "online")
        call_line = lines.filtered(lambda line: line.purpose == "Follow-up call")
        self.assertEqual(call_line.kind, "call")
        self.assertEqual(call_line.lead_id, self.lead)
        self.assertEqual(call_line.result, "Agreed on a visit")

        again = self.Report.with_user(self.rep).action_my_report()
        self.assertEqual(again["res_id"], report.id, "the same report is opened again")
        self.assertEqual(len(report.line_ids), 3)

    def _meeting(self, name, start, partner=None):
        return self.env["calendar.event"].create({
            "name": name, "start": start, "stop": start + datetime.timedelta(hours=1),
            "partner_ids": [(6, 0, (self.rep.partner_id | (partner or self.customer)).ids)],
            "location": "Shop",
        })

    def test_refresh_adds_only_what_is_new(self):
        """A report opened at 8:00 gets the 10:00 visit and the call done at 15:00 on refresh; lines the rep
        edited stay as edited, a removed line does not come back, nothing is duplicated."""
        tokyo_today = fields.Date.context_today(self.Report.with_user(self.rep))
        morning = datetime.datetime.combine(tokyo_today, datetime.time(0, 0))  # 09:00 in Tokyo
        self._meeting("Morning visit", morning)
        self._meeting("Cancelled visit", morning + datetime.timedelta(minutes=30))
        report = self.Report.browse(self.Report.with_user(self.rep).action_my_report()["res_id"])
        self.assertEqual(sorted(report.line_ids.mapped("purpose")), ["Cancelled visit", "Morning visit"])
        report.line_ids.filtered(lambda line: line.purpose == "Morning visit").with_user(self.rep).write(
            {"purpose": "Morning visit (edited)", "result": "Ordered"})
        report.line_ids.filtered(lambda line: line.purpose == "Cancelled visit").with_user(self.rep).unlink()

        self._meeting("Visit at ten", morning + datetime.timedelta(hours=1))
        activity = self.lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Afternoon call", user_id=self.rep.id)
        activity.with_user(self.rep).action_feedback(feedback="Will order")
        report.with_user(self.rep).action_refresh_lines()
        self.assertEqual(sorted(report.line_ids.mapped("purpose")),
                         ["Afternoon call", "Morning visit (edited)", "Visit at ten"])
        self.assertEqual(report.line_ids.filtered(lambda line: line.purpose == "Morning visit (edited)").result,
                         "Ordered")
        report.with_user(self.rep).action_refresh_lines()
        self.assertEqual(len(report.line_ids), 3, "a second refresh adds nothing")

        with self.assertRaises(AccessError):
            report.with_user(self.rep_other).action_refresh_lines()
        report.with_user(self.rep).action_submit()
        with self.assertRaises(UserError):
            report.with_user(self.rep).action_refresh_lines()

    def test_discard_empty_draft(self):
        report = self._report(self.rep, datetime.date(2026, 11, 2))
        with self.assertRaises(AccessError):
            report.with_user(self.rep_other).action_discard()
        full = self._report(self.rep, datetime.date(2026, 11, 3), [self._line(purpose="Visit")])
        with self.assertRaises(UserError):
            full.with_user(self.rep).action_discard()
        noted = self._report(self.rep, datetime.date(2026, 11, 4), summary="Office day")
        with self.assertRaises(UserError):
            noted.with_user(self.rep).action_discard()
        action = report.with_user(self.rep).action_discard()
        self.assertFalse(report.exists())
        self.assertEqual(action["res_model"], "smart.daily.report")
        self.assertTrue(full.exists() and noted.exists())

    def test_manager_comment_is_a_note_not_a_tracking_value(self):
        report = self._report(self.rep, datetime.date(2026, 11, 5), [self._line(purpose="Visit")])
        report.with_user(self.rep).action_submit()
        report.with_user(self.leader).manager_comment = "良い訪問でした"
        message = report.message_ids[:1]
        self.assertIn("良い訪問でした", message.body)
        self.assertFalse(report.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "manager_comment"))
        report.with_user(self.leader).manager_comment = "良い訪問でした"
        self.assertEqual(report.message_ids[:1], message, "an unchanged comment posts nothing")

    def test_reminders(self):
        self.company.smart_report_reminder_hour = 18.0
        # 17:30 in Tokyo: too early.
        with freeze_time("2026-11-20 08:30:00"):
            self.Report._cron_send_reminders()
            self.assertFalse(self.Report.search([("user_id", "=", self.rep.id)]))
        submitted = self._report(self.rep_other, "2026-11-20", lines=[self._line()])
        submitted.with_user(self.rep_other).action_submit()
        # 18:30 in Tokyo.
        with freeze_time("2026-11-20 09:30:00"):
            self.Report._cron_send_reminders()
            report = self.Report.search([("user_id", "=", self.rep.id), ("date", "=", "2026-11-20")])
            self.assertEqual(report.state, "draft")
            reminder = report.activity_ids.filtered(lambda a: a.user_id == self.rep)
            self.assertEqual(len(reminder), 1)
            self.assertEqual(str(reminder.date_deadline), "2026-11-20")
            mails = self._reminder_mails(self.rep)
            self.assertEqual(len(mails), 1)
            self.assertFalse(submitted.activity_ids.filtered(lambda a: a.user_id == self.rep_other),
                             "a rep who submitted gets no reminder")
            self.assertFalse(self._reminder_mails(self.rep_other))
            self.assertFalse(self.Report.search([("user_id", "=", self.user_smart.id)]),
                             "users outside any sales team are left alone")
            # Idempotent the same day.
            self.Report._cron_send_reminders()
            self.assertEqual(len(report.activity_ids.filtered(lambda a: a.user_id == self.rep)), 1)
            self.assertEqual(len(self._reminder_mails(self.rep)), 1)
