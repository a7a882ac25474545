import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class SmartDailyReport(models.Model):
    """A sales rep's daily report (日報): who was visited or called and what comes next."""

    _name = "smart.daily.report"
    _description = "Daily report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, user_id"
    _rec_names_search = ["user_id", "date"]

    # Fields the reviewer may still change once a report is approved.
    _WORKFLOW_FIELDS = frozenset({"state", "approved_by_id", "approved_date"})
    _APPROVAL_FIELDS = _WORKFLOW_FIELDS | {"manager_comment"}
    # Whose report it is and so who reviews it: set when the report is created, never rewritten.
    _OWNER_FIELDS = frozenset({"user_id", "team_id"})

    user_id = fields.Many2one(
        "res.users", string="Sales Rep", required=True, index=True, tracking=True,
        default=lambda self: self.env.user, domain=[("share", "=", False)])
    date = fields.Date(
        required=True, index=True, default=lambda self: self._today_of(self.env.user), tracking=True)
    week = fields.Char(compute="_compute_week", store=True, help="ISO week of the report, e.g. 2026-W48.")
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, compute="_compute_team_id", store=True, readonly=False,
        precompute=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("returned", "Returned"), ("approved", "Approved")],
        default="draft", required=True, tracking=True, copy=False, index=True)
    summary = fields.Text()
    issues = fields.Text(help="Problems met today that the manager should know about.")
    plan_tomorrow = fields.Text(string="Plan for Tomorrow")
    # posted to the chatter as a note by write(): a tracked text field shows there as "None → comment"
    manager_comment = fields.Text()
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    line_ids = fields.One2many("smart.daily.report.line", "report_id", string="Report Lines", copy=True)
    prefill_keys = fields.Text(
        readonly=True, copy=False, groups="base.group_system",
        help="The calendar events and done activities already turned into lines (model,id per line): a refresh "
             "adds only what is new, and never brings back a line the rep removed.")
    line_count = fields.Integer(compute="_compute_line_stats", store=True)
    visit_count = fields.Integer(string="Visits", compute="_compute_line_stats", store=True)
    total_hours = fields.Float(compute="_compute_line_stats", store=True)
    next_step_count = fields.Integer(string="Next Steps", compute="_compute_line_stats", store=True)
    is_reviewer = fields.Boolean(compute="_compute_is_reviewer")
    line_access_notice = fields.Text(
        compute="_compute_line_access_notice",
        help="Lines of a report still to submit that name a customer or opportunity the current user may not "
             "read: they must be changed or removed first.")

    _user_date_unique = models.Constraint(
        "UNIQUE(user_id, date)", "A sales rep files only one daily report per day.")

    @api.depends("date")
    def _compute_week(self):
        for report in self:
            if report.date:
                year, week, _weekday = report.date.isocalendar()
                report.week = f"{year}-W{week:02d}"
            else:
                report.week = False

    @api.depends("user_id")
    def _compute_team_id(self):
        for report in self:
            report.team_id = report.user_id.sudo().sale_team_id or report.team_id

    @api.depends("line_ids.kind", "line_ids.duration", "line_ids.next_step")
    def _compute_line_stats(self):
        for report in self:
            lines = report.line_ids
            report.line_count = len(lines)
            report.visit_count = len(lines.filtered(lambda line: line.kind == "visit"))
            report.total_hours = sum(lines.mapped("duration"))
            report.next_step_count = len(lines.filtered("next_step"))

    @api.depends("team_id.user_id")
    @api.depends_context("uid")
    def _compute_is_reviewer(self):
        for report in self:
            report.is_reviewer = report._is_reviewer()

    @api.depends("state", "line_ids.partner_id", "line_ids.lead_id")
    @api.depends_context("uid")
    def _compute_line_access_notice(self):
        for report in self:
            messages = report.line_ids._unreadable_targets_messages() if report.state in ("draft", "returned") else []
            report.line_access_notice = "\n".join(messages) or False

    @api.depends("user_id", "date")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Daily report %(rep)s %(date)s", rep=report.user_id.name or "",
                date=fields.Date.to_string(report.date) if report.date else "")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                self._check_create_allowed(vals)
            self._check_unique_day(vals.get("user_id") or self.env.uid,
                                   vals.get("date") or self._today_of(self.env.user))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_write_allowed(vals)
        if set(vals) - self._APPROVAL_FIELDS:
            self._check_editable()
        if "user_id" in vals or "date" in vals:
            for report in self:
                self._check_unique_day(vals.get("user_id", report.user_id.id), vals.get("date", report.date),
                                       exclude=report)
        changed = self.filtered(lambda report: (report.manager_comment or "") != (vals.get("manager_comment") or "")) \
            if "manager_comment" in vals else self.browse()
        result = super().write(vals)
        for report in changed:
            report.message_post(
                body=self.env._("Manager's comment: %(comment)s", comment=vals["manager_comment"] or "-"),
                subtype_xmlid="mail.mt_note")
        return result

    def _check_create_allowed(self, vals):
        """A report starts as a draft of its rep: a rep files only their own report, a manager
        may file one for a rep; the team follows the rep and the review comes later."""
        self._refuse_review_fields([
            name for name in self._APPROVAL_FIELDS if vals.get(name) and vals[name] != "draft"])
        rep = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
        team = rep.sudo().sale_team_id
        self._refuse_owner_fields(
            (["user_id"] if rep != self.env.user and not self._is_manager() else [])
            + (["team_id"] if vals.get("team_id", team.id) != team.id else []))

    def _check_write_allowed(self, vals):
        """The workflow fields move only through the buttons; the review comment belongs to reviewers;
        the rep and team stay those the report was filed for."""
        self._refuse_review_fields(vals.keys() & self._WORKFLOW_FIELDS)
        self._refuse_owner_fields(vals.keys() & self._OWNER_FIELDS)
        if "manager_comment" in vals:
            self._check_reviewer()
        if set(vals) - self._APPROVAL_FIELDS:
            self._check_owner()

    def _refuse_review_fields(self, names):
        if names:
            raise UserError(self.env._(
                "These fields are set by the review of the report: %(fields)s. "
                "Use the Submit, Approve and Return buttons.", fields=self._field_labels(names)))

    def _refuse_owner_fields(self, names):
        if names:
            raise UserError(self.env._(
                "A daily report stays with the sales rep it was filed for; these fields cannot be "
                "changed: %(fields)s.", fields=self._field_labels(names)))

    def _field_labels(self, names):
        return ", ".join(self._fields[name]._description_string(self.env) for name in sorted(names))

    def _check_lines_editable(self):
        self._check_editable()
        self._check_owner()

    def _check_owner(self):
        if not self.env.su and not self._is_manager() and any(report.user_id != self.env.user for report in self):
            raise AccessError(self.env._("Only the sales rep can change the content of their daily report."))

    def _check_editable(self):
        if any(report.state == "approved" for report in self):
            raise UserError(self.env._("An approved daily report can no longer be changed."))

    def _check_unique_day(self, user_id, date, exclude=None):
        domain = [("user_id", "=", user_id), ("date", "=", date)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
            raise ValidationError(self.env._(
                "There is already a daily report for this sales rep on %(date)s.", date=date))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_my_report(self):
        """Open today's report of the current user, creating it pre-filled if needed."""
        report = self._get_or_create_today(self.env.user)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My Daily Report"),
            "res_model": self._name,
            "res_id": report.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_refresh_lines(self):
        """Add the calendar events and activities done since the report was last filled; lines already
        there (edited or not) stay as they are, and a line the rep removed does not come back."""
        for report in self:
            if report.state not in ("draft", "returned"):
                raise UserError(self.env._("Only a draft or returned report can be refreshed."))
            report._check_owner()
            commands = report._prefill_line_commands()
            if not commands:
                continue
            report.line_ids = commands
        return True

    def action_discard(self):
        """Delete the rep's own empty draft (an empty draft is all a rep may delete); back to the reports."""
        for report in self:
            report._check_owner()
            if report.state != "draft" or report.line_ids or report.summary or report.issues \
                    or report.plan_tomorrow:
                raise UserError(self.env._(
                    "Only an empty draft can be discarded: remove its lines and texts first."))
        self.sudo().unlink()
        return self.env["ir.actions.act_window"]._for_xml_id("crm_smart_sales.smart_daily_report_action")

    def action_submit(self):
        for report in self:
            if report.state not in ("draft", "returned"):
                raise UserError(self.env._("Only a draft or returned report can be submitted."))
            report._check_owner()
            if not report.line_ids:
                raise UserError(self.env._(
                    "Add at least one visit, call or other activity before submitting the report."))
        self.line_ids._check_targets_readable()
        for report in self:
            report.line_ids._apply_to_customers()
            report.sudo().state = "submitted"
            report._notify_reviewers()
        return True

    def action_approve(self):
        self._check_reviewer()
        if any(report.state != "submitted" for report in self):
            raise UserError(self.env._("Only a submitted report can be approved."))
        self.sudo().write({
            "state": "approved", "approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()})
        for report in self:
            report._close_review_activities()
            report.message_post(
                body=self.env._("Your daily report was approved."),
                partner_ids=report.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_open_return_wizard(self):
        self._check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Daily Report"),
            "res_model": "smart.daily.report.return.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_ids": self.ids},
        }

    def action_return(self, reason):
        """Send the reports back to their reps with ``reason``."""
        self._check_reviewer()
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason for returning the report."))
        if any(report.state != "submitted" for report in self):
            raise UserError(self.env._("Only a submitted report can be returned."))
        self.sudo().write({"state": "returned"})
        for report in self:
            report._close_review_activities()
            report.message_post(
                body=self.env._("Your daily report was returned: %(reason)s", reason=reason),
                partner_ids=report.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
            report.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Revise your daily report"),
                note=reason,
                user_id=report.user_id.id,
            )
        return True

    def action_reset_to_draft(self):
        if any(report.state != "returned" for report in self):
            raise UserError(self.env._("Only a returned report can be reset to draft."))
        self._check_owner()
        self.sudo().state = "draft"
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _is_reviewer(self):
        self.ensure_one()
        user = self.env.user
        if self.user_id == user:
            return False
        return self._is_manager() or (bool(self.team_id) and self.team_id.sudo().user_id == user)

    def _is_manager(self):
        return self.env.user.has_group("crm_smart_base.group_smart_manager")

    def _check_reviewer(self):
        for report in self:
            if report.user_id == self.env.user:
                raise UserError(self.env._("You cannot review your own daily report."))
            if not report._is_reviewer():
                raise AccessError(self.env._(
                    "Only the team leader or a Smart CRM manager can review daily reports."))

    def _get_reviewers(self):
        self.ensure_one()
        leader = self.team_id.sudo().user_id
        if leader and leader != self.user_id:
            return leader
        return self.env.ref("crm_smart_base.group_smart_manager").sudo().all_user_ids.filtered(
            lambda user: not user.share and user.active and user != self.user_id
            and self.company_id in user.company_ids)

    def _notify_reviewers(self):
        self.ensure_one()
        for reviewer in self._get_reviewers()[:5]:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Review the daily report"),
                user_id=reviewer.id,
            )

    def _close_review_activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == todo and activity.user_id != self.user_id
        ).action_feedback(feedback=self.env._("Reviewed"))

    @api.model
    def _today_of(self, user):
        """Today in the time zone of ``user``'s working day (``res.users._smart_day_tz``)."""
        return fields.Date.context_today(self.with_context(tz=user._smart_day_tz(self.env.company)))

    @api.model
    def _get_or_create_today(self, user):
        today = self._today_of(user)
        report = self.search([("user_id", "=", user.id), ("date", "=", today)], limit=1)
        if not report:
            # in the rep's language, whoever opens it first (the reminder cron too): the chatter's
            # creation message names the report the way its rep reads it
            report = self.with_user(user).with_context(lang=user.lang).create({"user_id": user.id, "date": today})
            report.line_ids = [*report._prefill_line_commands()]
        return report

    def _prefill_line_commands(self):
        """Lines for the day's calendar events and the activities the rep completed that day, but for
        those already turned into lines of this report (recorded in ``prefill_keys``, which this updates)."""
        self.ensure_one()
        seen = set((self.sudo().prefill_keys or "").split())
        commands = []
        for key, values in self._prefill_candidates():
            # an event without a customer the rep may read may get one later: only lines made count
            if key not in seen and values:
                seen.add(key)
                commands.append(fields.Command.create(values))
        if commands:
            self.sudo().prefill_keys = "\n".join(sorted(seen))
        return commands

    def _prefill_candidates(self):
        """(key, line values or None) for the day's calendar events and done activities."""
        self.ensure_one()
        Line = self.env["smart.daily.report.line"]
        start, end = self._day_bounds()
        events = self.env["calendar.event"].sudo().search([
            ("partner_ids", "in", self.user_id.partner_id.id),
            ("start", "<", end), ("stop", ">=", start),
        ], order="start")
        candidates = [(f"calendar.event,{event.id}", Line._values_from_event(event, self.user_id)) for event in events]
        # an activity's done date is the day in UTC: the time it was marked done
        # (archived) tells the rep's day
        activities = self.env["mail.activity"].sudo().with_context(active_test=False).search([
            ("active", "=", False), ("user_id", "=", self.user_id.id),
            ("date_done", ">=", start.date()), ("date_done", "<=", end.date()),
            ("write_date", ">=", start), ("write_date", "<", end),
        ], order="id")
        candidates += [(f"mail.activity,{activity.id}", Line._values_from_activity(activity)) for activity in activities]
        return [(key, line and Line._readable_values(line)) for key, line in candidates]

    @api.model
    def _cron_send_reminders(self):
        """Remind reps of a sales team who have not submitted today's report once the reminder time passed."""
        group = self.env.ref("crm_smart_base.group_smart_user")
        users = group.all_user_ids.filtered(lambda user: user.active and not user.share)
        members = self.env["crm.team.member"].search([("user_id", "in", users.ids)]).user_id
        leaders = self.env["crm.team"].search([("user_id", "in", users.ids)]).user_id
        template = self.env.ref("crm_smart_sales.mail_template_smart_daily_report_reminder", raise_if_not_found=False)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for user in members | leaders:
            rep_self = self.with_company(user.company_id).with_context(tz=user._smart_day_tz(user.company_id))
            local_now = fields.Datetime.context_timestamp(rep_self, fields.Datetime.now())
            hour = user.company_id.smart_report_reminder_hour
            if local_now.hour + local_now.minute / 60.0 < hour:
                continue
            today = local_now.date()
            report = self.search([("user_id", "=", user.id), ("date", "=", today)], limit=1)
            if report.state in ("submitted", "approved"):
                continue
            if not report:
                report = rep_self._get_or_create_today(user)
            if any(activity.activity_type_id == todo and activity.user_id == user and activity.date_deadline == today
                   for activity in report.activity_ids):
                continue
            report.activity_schedule(
                activity_type_id=todo.id,
                date_deadline=today,
                summary=self.env._("Submit your daily report"),
                user_id=user.id,
            )
            if template and user.email:
                template.send_mail(report.id, email_layout_xmlid="mail.mail_notification_light")

    def _in_rep_zone(self):
        """This report in the time zone of its rep's day (``res.users._smart_day_tz``), whoever
        works on it: ``env.tz`` and ``fields.Date.context_today`` then count the rep's day."""
        self.ensure_one()
        return self.with_context(tz=self.user_id._smart_day_tz(self.company_id))

    def _day_bounds(self):
        """UTC naive start and end of the report's day in the rep's time zone."""
        start = self._in_rep_zone().env.tz.localize(datetime.datetime.combine(self.date, datetime.time.min))
        start_utc = start.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return start_utc, start_utc + datetime.timedelta(days=1)
