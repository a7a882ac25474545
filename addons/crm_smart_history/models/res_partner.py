import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_amount

from .smart_customer_value import VALUE_COLUMNS
from .smart_customer_value_snapshot import LABEL_SELECTION

# events shown in a customer's timeline
TIMELINE_LIMIT = 50


class ResPartner(models.Model):
    _inherit = "res.partner"

    smart_visit_ids = fields.One2many("smart.visit", "partner_id", string="Visit History")
    smart_visit_count = fields.Integer(string="Visits Count", compute="_compute_smart_visit_count")
    # written by smart.customer.value in SQL when they change; empty for a customer without purchases.
    # Indexed where a search narrows: not the scores (five values each); only customers with purchases
    # are in the indexes
    smart_last_purchase_date = fields.Datetime(string="Last Purchase", readonly=True, index="btree_not_null")
    # not stored: it changes every day for every customer (a search becomes one on the date)
    smart_recency_days = fields.Integer(string="Days Since Last Purchase", compute="_compute_smart_recency_days",
                                        search="_search_smart_recency_days")
    smart_purchase_count = fields.Integer(string="Purchases", readonly=True, index="btree_not_null")
    smart_monetary = fields.Float(string="Total Purchases (JPY)", digits=(16, 0), readonly=True,
                                  index="btree_not_null")
    smart_r_score = fields.Integer(string="Recency Score", readonly=True)
    smart_f_score = fields.Integer(string="Frequency Score", readonly=True)
    smart_m_score = fields.Integer(string="Monetary Score", readonly=True)
    smart_rfm_code = fields.Char(string="RFM", readonly=True, help="Recency, frequency and monetary scores, 1 to 5.")
    smart_rfm_label = fields.Selection(LABEL_SELECTION, string="Customer Segment", readonly=True,
                                       index="btree_not_null")
    smart_ltv = fields.Float(string="Lifetime Value (JPY)", digits=(16, 0), readonly=True, index="btree_not_null",
                             help="Average purchase × purchases a year × the expected lifetime, discounted.")
    smart_value_date = fields.Datetime(string="Value Updated On", readonly=True,
                                       help="When the nightly computation last changed these figures.")
    smart_timeline_html = fields.Html(string="Timeline", compute="_compute_smart_timeline_html", sanitize=False)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_smart_visit_count(self):
        if not self.env["smart.visit"].has_access("read"):
            self.smart_visit_count = 0
            return
        counts = dict(self.env["smart.visit"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.smart_visit_count = counts.get(partner._origin, 0)

    @api.depends("smart_last_purchase_date")
    def _compute_smart_recency_days(self):
        # the transaction's time, as the SQL computation of the scores (NOW()) uses
        now = self.env.cr.now()
        for partner in self:
            last = partner.smart_last_purchase_date
            partner.smart_recency_days = max(0, (now - last).days) if last else False

    def _search_smart_recency_days(self, operator, value):
        """Whole days since the last purchase, as a condition on its date:
        ``days >= n`` is ``last purchase <= now - n days``."""
        if operator in ("in", "not in"):
            # 0 days (bought today) is not "never bought" (False): told apart by identity, 0 == False
            days = [number for number in value if isinstance(number, int) and not isinstance(number, bool)]
            domain = Domain.OR(self._smart_recency_range(number, number) for number in days)
            if any(number is False or number is None for number in value):
                domain |= Domain("smart_last_purchase_date", "=", False)
            return domain if operator == "in" else ~domain
        if operator not in (">", ">=", "<", "<=") or isinstance(value, bool) or not isinstance(value, int):
            return NotImplemented
        lowest = {">": value + 1, ">=": value}.get(operator)
        highest = {"<": value - 1, "<=": value}.get(operator)
        return self._smart_recency_range(lowest, highest)

    @api.model
    def _smart_recency_range(self, lowest, highest):
        """Customers whose last purchase is between ``lowest`` and ``highest``
        whole days ago (either may be None: no bound)."""
        now = self.env.cr.now()
        domain = Domain("smart_last_purchase_date", "!=", False)
        if lowest is not None:
            domain &= Domain("smart_last_purchase_date", "<=", now - datetime.timedelta(days=lowest))
        if highest is not None:
            domain &= Domain("smart_last_purchase_date", ">", now - datetime.timedelta(days=highest + 1))
        return domain

    @api.depends_context("uid", "allowed_company_ids", "tz", "lang")
    def _compute_smart_timeline_html(self):
        if not self.env["smart.visit"].has_access("read"):
            self.smart_timeline_html = False
            return
        for partner in self:
            events = partner._origin._smart_timeline_events(TIMELINE_LIMIT) if partner._origin else []
            partner.smart_timeline_html = self._smart_timeline_render(events)

    def write(self, vals):
        if not self.env.su and any(name in vals for name in VALUE_COLUMNS):
            raise UserError(self.env._("A customer's value is computed from their visits and cannot be edited."))
        return super().write(vals)

    def action_view_smart_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smart_history.smart_visit_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_record_smart_visit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Visit"),
            "res_model": "smart.visit",
            "view_mode": "form",
            "views": [(self.env.ref("crm_smart_history.smart_visit_view_form_counter").id, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_recompute_smart_value(self):
        return self.env["smart.customer.value"].action_recompute()

    # ------------------------------------------------------------------
    # timeline: one list of what happened with the customer
    # ------------------------------------------------------------------

    @api.private
    def _smart_timeline_events(self, limit):
        """The latest ``limit`` events of the customer, newest first, as dicts
        ``{"date", "kind", "title"}``. Addons add their own events by
        extending this method (call super, add theirs, keep the order)."""
        self.ensure_one()
        events = []
        visits = self.env["smart.visit"].search([("partner_id", "=", self.id)], limit=limit)
        for visit in visits:
            events.append({"date": visit.date, "kind": self.env._("Visit"), "title": self._smart_visit_title(visit)})
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.id), ("message_type", "in", ("comment", "email"))],
            limit=limit)
        for message in messages:
            events.append({"date": message.date, "kind": self.env._("Message"),
                           "title": message.subject or message.preview or message.record_name or ""})
        return self._smart_timeline_sorted(events, limit)

    @api.model
    def _smart_visit_title(self, visit):
        """How the timeline names a visit, in the reader's language: where, what
        was paid (as the screens show amounts, ¥1,280), whether it was reversed."""
        title = visit.store or self._smart_selection_label(visit, "channel")
        if visit.amount:
            title = self.env._("%(place)s: %(amount)s", place=title,
                               amount=format_amount(self.env, visit.amount, visit.currency_id))
        if visit.state == "reversed":
            title = self.env._("%(visit)s (reversed)", visit=title)
        return title

    @api.model
    def _smart_selection_label(self, record, field_name):
        """The label of ``record``'s selection value, in the user's language (for timeline titles)."""
        return dict(record._fields[field_name]._description_selection(self.env)).get(record[field_name], "")

    @api.model
    def _smart_timeline_sorted(self, events, limit):
        return sorted(events, key=lambda event: event["date"], reverse=True)[:limit]

    @api.model
    def _smart_timeline_render(self, events):
        """The events as an HTML table; every value is escaped."""
        if not events:
            return Markup("<p class='text-muted'>%s</p>") % self.env._("Nothing has happened with this customer yet.")
        rows = Markup("").join(
            Markup("<tr><td class='text-nowrap'>%s</td><td><span class='badge text-bg-light'>%s</span></td>"
                   "<td>%s</td></tr>") % (
                fields.Datetime.context_timestamp(self, event["date"]).strftime("%Y-%m-%d %H:%M"),
                event["kind"], event["title"])
            for event in events)
        return Markup("<table class='table table-sm o_smart_timeline'><tbody>%s</tbody></table>") % rows
