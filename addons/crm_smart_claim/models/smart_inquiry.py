from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, html2plaintext

# Set by the workflow buttons and the escalation only, never by a user's write.
WORKFLOW_FIELDS = ("state", "date_open", "date_closed", "escalated", "alert_id")


class SmartInquiry(models.Model):
    """An inquiry or a complaint (問い合わせ・クレーム) of a customer, from any channel."""

    _name = "smart.inquiry"
    _description = "Inquiry"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_open desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Text()
    kind = fields.Selection(
        [("inquiry", "Inquiry"), ("complaint", "Complaint")], required=True, default="inquiry", tracking=True)
    channel = fields.Selection(
        [("mail", "Email"), ("phone", "Phone"), ("counter", "Counter"), ("web", "Web Form")],
        required=True, default="phone", help="How the customer reached us.")
    category_id = fields.Many2one("smart.inquiry.category", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, tracking=True)
    email_from = fields.Char(string="Email", help="Address the inquiry came from.")
    user_id = fields.Many2one(
        "res.users", string="Owner", index=True, tracking=True, default=lambda self: self.env.user,
        domain=[("share", "=", False)])
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    state = fields.Selection(
        [("open", "Open"), ("progress", "In Progress"), ("closed", "Closed")],
        string="Status", required=True, default="open", readonly=True, tracking=True, index=True, copy=False)
    date_open = fields.Datetime(string="Received", required=True, default=fields.Datetime.now, readonly=True,
                                copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    escalated = fields.Boolean(
        readonly=True, copy=False,
        help="Still open after the number of days set in the settings: the owner's team leader was told.")
    alert_id = fields.Many2one("smart.alert", readonly=True, copy=False, ondelete="set null",
                               help="The alert shown on the customer while the inquiry is open.")

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(field in vals for vals in vals_list for field in WORKFLOW_FIELDS):
            self._refuse_workflow_fields()
        inquiries = super().create(vals_list)
        inquiries._sync_alert()
        return inquiries

    def write(self, vals):
        if not self.env.su and any(field in vals for field in WORKFLOW_FIELDS):
            self._refuse_workflow_fields()
        result = super().write(vals)
        if {"name", "kind", "partner_id", "state", "escalated", "company_id"} & vals.keys():
            self._sync_alert()
        return result

    @api.model
    @api.private
    def message_new(self, msg_dict, custom_values=None):
        """An email to the inquiry alias: the sender's customer is the one with that address."""
        email = email_normalize(msg_dict.get("email_from") or "")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if not partner and email:
            partner = self.env["res.partner"].search([("email_normalized", "=", email)], limit=1)
        values = {
            "name": msg_dict.get("subject") or self.env._("(no subject)"),
            "description": html2plaintext(msg_dict.get("body") or ""),
            "email_from": msg_dict.get("email_from"),
            "channel": "mail",
            "partner_id": partner.id,
            "user_id": self._default_owner(partner).id,
        }
        values.update(custom_values or {})
        return super().message_new(msg_dict, custom_values=values)

    def action_start(self):
        self._move("progress", {"open"})

    def action_close(self):
        self._move("closed", {"open", "progress"}, {"date_closed": fields.Datetime.now()})

    def action_reopen(self):
        self._move("open", {"closed"}, {"date_closed": False, "escalated": False})

    @api.model
    def _cron_escalate(self):
        """Escalate the inquiries open longer than their company allows, once each."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].search([("smart_inquiry_escalation_days", ">", 0)]):
            overdue = self.search([
                ("company_id", "=", company.id),
                ("state", "!=", "closed"),
                ("escalated", "=", False),
                ("date_open", "<=", now - timedelta(days=company.smart_inquiry_escalation_days)),
            ])
            overdue._escalate()

    def _escalate(self):
        self.sudo().write({"escalated": True})
        for inquiry in self:
            leader = inquiry.user_id.sale_team_id.user_id or inquiry.user_id
            if leader:
                inquiry.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=leader.id,
                    summary=self.env._("Inquiry open too long"),
                    note=self.env._("This %(kind)s has been open since %(date)s.",
                                    kind=inquiry._kind_label(), date=inquiry.date_open.date()))

    @api.model
    def _default_owner(self, partner):
        """The salesperson of the customer (or of its company), who follows up its inquiries."""
        return partner.user_id or partner.commercial_partner_id.user_id

    @api.model
    def _portal_create(self, partner, post):
        """The inquiry ``partner`` sends with the portal form: only its subject, message, kind and
        category come from the form; customer, channel, owner and company are set here."""
        category_id = post.get("category_id") or ""
        category = self.env["smart.inquiry.category"].browse(int(category_id) if category_id.isdigit() else [])
        inquiry = self.create({
            "name": post["name"].strip()[:200],
            "description": post.get("description") or False,
            "kind": "complaint" if post.get("kind") == "complaint" else "inquiry",
            "category_id": category.exists().id,
            "channel": "web",
            "partner_id": partner.id,
            "email_from": partner.email,
            "user_id": self._default_owner(partner).id,
            "company_id": (partner.company_id or self.env.company).id,
        })
        inquiry.message_subscribe(partner_ids=partner.ids)
        return inquiry

    def _move(self, state, from_states, extra=None):
        """Take the inquiries to ``state``; the workflow fields are written as superuser, after
        checking that the user may change these inquiries."""
        wrong = self.filtered(lambda inquiry: inquiry.state not in from_states)
        if wrong:
            raise UserError(self.env._(
                "These inquiries cannot be moved to %(state)s from their status: %(names)s",
                state=dict(self._fields["state"]._description_selection(self.env))[state],
                names=", ".join(wrong.mapped("name"))))
        self.check_access("write")
        self.sudo().write({"state": state, **(extra or {})})

    def _sync_alert(self):
        """Keep one negative alert on the customer while the inquiry is open; archive it on closing."""
        today = fields.Date.context_today(self)
        for inquiry in self.sudo():
            alert = inquiry.alert_id
            if inquiry.state != "closed" and inquiry.partner_id:
                values = {
                    "partner_id": inquiry.partner_id.id,
                    "message": inquiry._alert_message(),
                    "kind": "negative",
                    "company_id": inquiry.company_id.id,
                }
                if alert.active:
                    alert.write(values)
                elif alert:
                    alert.write({**values, "active": True, "date_from": today, "date_to": False})
                else:
                    inquiry.alert_id = alert.create(values)
            elif alert.active:
                alert.write({"active": False, "date_to": max(today, alert.date_from or today)})

    def _alert_message(self):
        if self.escalated:
            return self.env._("Overdue %(kind)s: %(subject)s", kind=self._kind_label(), subject=self.name)
        return self.env._("Open %(kind)s: %(subject)s", kind=self._kind_label(), subject=self.name)

    def _kind_label(self):
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _refuse_workflow_fields(self):
        raise UserError(self.env._(
            "The status, dates, escalation and alert of an inquiry are set by its buttons only: %(fields)s",
            fields=", ".join(self._fields[name]._description_string(self.env) for name in WORKFLOW_FIELDS)))
