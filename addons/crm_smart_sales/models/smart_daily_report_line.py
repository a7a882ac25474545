import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext


class SmartDailyReportLine(models.Model):
    """One contact of a daily report: a visit, call, online meeting or email with a customer."""

    _name = "smart.daily.report.line"
    _description = "Daily report line"
    _order = "report_id, start, id"

    report_id = fields.Many2one("smart.daily.report", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True)
    kind = fields.Selection(
        [("visit", "Visit"), ("call", "Call"), ("online", "Online Meeting"), ("email", "Email"),
         ("other", "Other")],
        required=True, default="visit")
    start = fields.Datetime()
    end = fields.Datetime()
    duration = fields.Float(
        compute="_compute_duration", store=True, readonly=False, help="Hours spent, computed from start and end.")
    purpose = fields.Char()
    result = fields.Text()
    next_step = fields.Char(help="Becomes an activity on the customer or opportunity when the report is submitted.")
    next_step_date = fields.Date(help="Deadline of the next step; tomorrow when empty.")
    user_id = fields.Many2one(related="report_id.user_id", store=True, string="Sales Rep")
    date = fields.Date(related="report_id.date", store=True)
    week = fields.Char(related="report_id.week", store=True)
    team_id = fields.Many2one(related="report_id.team_id", store=True, string="Sales Team")
    state = fields.Selection(related="report_id.state", store=True, string="Report Status")
    company_id = fields.Many2one(related="report_id.company_id", store=True)
    smart_alert_html = fields.Html(
        string="Alerts", compute="_compute_smart_alert_html", sanitize=False,
        help="Current alerts of the customer and of its company, negative first.")

    @api.depends("start", "end")
    def _compute_duration(self):
        for line in self:
            if line.start and line.end and line.end >= line.start:
                line.duration = (line.end - line.start).total_seconds() / 3600.0

    @api.depends("partner_id")
    @api.depends_context("uid")
    def _compute_smart_alert_html(self):
        """The customer's alerts, for a customer the current user may read only (a line
        filed before lines were checked may name one they may not)."""
        for line in self:
            partner = line.partner_id
            line.smart_alert_html = partner.smart_alert_html if partner and partner.has_access("read") else False

    @api.constrains("start", "end")
    def _check_dates(self):
        for line in self:
            if line.start and line.end and line.end < line.start:
                raise ValidationError(self.env._("The end time of an activity cannot be before its start time."))

    @api.constrains("partner_id", "lead_id")
    def _check_customer(self):
        for line in self:
            if not line.partner_id and not line.lead_id:
                raise ValidationError(self.env._("Each report line needs a customer or an opportunity."))

    @api.onchange("lead_id")
    def _onchange_lead_id(self):
        if self.lead_id and not self.partner_id:
            self.partner_id = self.lead_id.partner_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._validate_vals(vals)
        self.env["smart.daily.report"].browse(
            [vals["report_id"] for vals in vals_list if vals.get("report_id")])._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        if vals.keys() & {"start", "end", "partner_id", "lead_id"}:
            for line in self:
                self._validate_vals(vals, line)
        self.report_id._check_lines_editable()
        if vals.get("report_id"):
            self.report_id.browse(vals["report_id"])._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self.report_id._check_lines_editable()

    def _validate_vals(self, vals, line=None):
        """Refuse bad values before anything is written (the constraints also guard the stored data)."""
        line = line or self.browse()
        start = fields.Datetime.to_datetime(vals["start"]) if "start" in vals else line.start
        end = fields.Datetime.to_datetime(vals["end"]) if "end" in vals else line.end
        if start and end and end < start:
            raise ValidationError(self.env._("The end time of an activity cannot be before its start time."))
        partner = vals.get("partner_id", line.partner_id.id)
        lead = vals.get("lead_id", line.lead_id.id)
        if not partner and not lead:
            raise ValidationError(self.env._("Each report line needs a customer or an opportunity."))
        self._check_readable(partner, lead, vals.get("kind") or line.kind or self.default_get(["kind"])["kind"],
                             vals.get("purpose", line.purpose))

    def _check_targets_readable(self):
        for line in self:
            line._check_readable(line.partner_id.id, line.lead_id.id, line.kind, line.purpose)

    def _unreadable_targets_messages(self):
        """Why each of these lines names a customer or opportunity the current user may
        not read (lines filed before lines were checked may), one message per such line."""
        return [message for line in self if (message := line._unreadable_message(
            line.partner_id.id, line.lead_id.id, line.kind, line.purpose))]

    @api.model
    def _check_readable(self, partner_id, lead_id, kind, purpose):
        """A rep reports only on customers and opportunities they may read: submitting the
        report posts the results and schedules the next steps on them."""
        message = self._unreadable_message(partner_id, lead_id, kind, purpose)
        if message:
            raise UserError(message)

    @api.model
    def _unreadable_message(self, partner_id, lead_id, kind, purpose):
        """The refusal of a line naming a customer or opportunity the current user may not read, or None."""
        if self.env.su:
            return None
        label = f"{self._kind_label(kind)}: {purpose}" if purpose else self._kind_label(kind)
        if partner_id and not self.env["res.partner"].browse(partner_id).has_access("read"):
            return self.env._('Line "%(line)s": you have no access to its customer.', line=label)
        if lead_id and not self.env["crm.lead"].browse(lead_id).has_access("read"):
            return self.env._('Line "%(line)s": you have no access to its opportunity.', line=label)
        return None

    # ------------------------------------------------------------------
    # Submission effects
    # ------------------------------------------------------------------

    def _apply_to_customers(self):
        """Turn next steps into activities and post results to the customer's and opportunity's chatter."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for line in self:
            report = line.report_id
            if line.next_step:
                target = line.lead_id or line.partner_id
                deadline = line.next_step_date or (
                    fields.Date.context_today(report._in_rep_zone()) + datetime.timedelta(days=1))
                target.sudo().activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=deadline,
                    summary=line.next_step,
                    note=line.result or "",
                    user_id=report.user_id.id,
                )
            if line.result:
                body = Markup("<p>%s</p><p>%s</p>") % (
                    self.env._("%(kind)s reported in %(report)s", kind=line._kind_label(),
                               report=report.display_name),
                    line.result,
                )
                for record in (line.partner_id, line.lead_id):
                    if record:
                        record.sudo().message_post(
                            body=body, subtype_xmlid="mail.mt_note", author_id=report.user_id.partner_id.id)

    def _kind_label(self, kind=None):
        return dict(self._fields["kind"]._description_selection(self.env))[kind or self.ensure_one().kind]

    # ------------------------------------------------------------------
    # Pre-fill
    # ------------------------------------------------------------------

    @api.model
    def _readable_values(self, values):
        """``values`` without the customer or opportunity the current user may not read
        (a meeting on a colleague's opportunity); None when neither is left."""
        values = dict(values)
        for name in ("partner_id", "lead_id"):
            record = self.env[self._fields[name].comodel_name].browse(values.get(name))
            if record and not record.has_access("read"):
                values[name] = False
        return values if values.get("partner_id") or values.get("lead_id") else None

    @api.model
    def _values_from_event(self, event, user):
        attendees = event.partner_ids - user.partner_id
        lead = event.opportunity_id if "opportunity_id" in event._fields else self.env["crm.lead"]
        partner = lead.partner_id or attendees[:1]
        if not partner and not lead:
            return None
        online = bool(event.videocall_location) and not event.location
        return {
            "kind": "online" if online else "visit",
            "partner_id": partner.id,
            "lead_id": lead.id,
            "start": event.start,
            "end": event.stop,
            "purpose": event.name,
        }

    @api.model
    def _values_from_activity(self, activity):
        record = self.env[activity.res_model].browse(activity.res_id).exists() if activity.res_model else None
        if not record:
            return None
        if record._name == "crm.lead":
            lead, partner = record, record.partner_id
        elif record._name == "res.partner":
            lead, partner = self.env["crm.lead"], record
        else:
            return None
        category = activity.activity_type_id.category
        kind = {"phonecall": "call", "meeting": "visit"}.get(category) or (
            "email" if activity.activity_type_id == self.env.ref("mail.mail_activity_data_email") else "other")
        return {
            "kind": kind,
            "partner_id": partner.id,
            "lead_id": lead.id,
            "purpose": activity.summary or activity.activity_type_id.name,
            "result": html2plaintext(activity.feedback) if activity.feedback else False,
        }
