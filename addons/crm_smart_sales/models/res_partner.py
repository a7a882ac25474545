from markupsafe import Markup, escape

from odoo import api, fields, models

#: reports whose visits count as done: the rep has submitted them
VISIT_STATES = ("submitted", "approved")


class ResPartner(models.Model):
    _inherit = "res.partner"

    smart_alert_html = fields.Html(
        string="Alerts", compute="_compute_smart_alert_html", sanitize=False,
        help="Current alerts of the customer and of its company, negative first.")
    smart_report_line_count = fields.Integer(
        string="Report Lines", compute="_compute_smart_report_line_count")
    smart_alert_count = fields.Integer(string="Alert Count", compute="_compute_smart_alert_count")
    # what the reports and alerts say about the customer, stored and indexed for searches and segments
    smart_report_line_ids = fields.One2many(
        "smart.daily.report.line", "partner_id", string="Daily Report Lines",
        groups="crm_smart_base.group_smart_user")
    smart_alert_ids = fields.One2many(
        "smart.alert", "partner_id", string="Customer Alerts", groups="crm_smart_base.group_smart_user")
    smart_last_visit_date = fields.Date(
        string="Last Visit by Our Reps", compute="_compute_smart_last_visit_date", store=True, index=True,
        groups="crm_smart_base.group_smart_user",
        help="Day of the last visit to the customer in a submitted or approved daily report.")
    smart_last_alert_date = fields.Date(
        string="Last Alert", compute="_compute_smart_last_alert_date", store=True, index=True,
        groups="crm_smart_base.group_smart_user", help="Start of the customer's most recent active alert.")

    @api.depends_context("tz", "uid", "allowed_company_ids")
    def _compute_smart_alert_html(self):
        Alert = self.env["smart.alert"]
        if not Alert.has_access("read"):
            self.smart_alert_html = False
            return
        partners = self._origin | self._origin.commercial_partner_id
        alerts = Alert.search([("partner_id", "in", partners.ids), ("is_current", "=", True)])
        by_partner = alerts.grouped("partner_id")
        for partner in self:
            mine = by_partner.get(partner._origin, Alert) | by_partner.get(partner.commercial_partner_id._origin, Alert)
            partner.smart_alert_html = self._smart_alert_markup(mine) if mine else False

    @api.depends("smart_report_line_ids.date", "smart_report_line_ids.kind", "smart_report_line_ids.state")
    def _compute_smart_last_visit_date(self):
        for partner in self:
            days = [line.date for line in partner.smart_report_line_ids
                    if line.kind == "visit" and line.state in VISIT_STATES and line.date]
            partner.smart_last_visit_date = max(days, default=False)

    @api.depends("smart_alert_ids.date_from", "smart_alert_ids.create_date", "smart_alert_ids.active")
    def _compute_smart_last_alert_date(self):
        for partner in self:
            days = [alert.date_from or alert.create_date.date() for alert in partner.smart_alert_ids
                    if alert.date_from or alert.create_date]
            partner.smart_last_alert_date = max(days, default=False)

    def _compute_smart_report_line_count(self):
        Line = self.env["smart.daily.report.line"]
        if not Line.has_access("read"):
            self.smart_report_line_count = 0
            return
        counts = dict(Line._read_group(
            [("partner_id", "child_of", self._origin.commercial_partner_id.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.smart_report_line_count = sum(
                count for line_partner, count in counts.items()
                if line_partner.commercial_partner_id == partner.commercial_partner_id)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_smart_alert_count(self):
        Alert = self.env["smart.alert"]
        if not Alert.has_access("read"):
            self.smart_alert_count = 0
            return
        counts = dict(Alert._read_group(
            [("partner_id", "in", self._origin.ids), ("is_current", "=", True)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.smart_alert_count = counts.get(partner._origin, 0)

    @api.model
    def _smart_alert_markup(self, alerts):
        """Bootstrap alerts for ``alerts``, negative ones first; every user text is escaped."""
        blocks = []
        for alert in alerts.sorted(lambda alert: (alert.kind != "negative", alert.id)):
            negative = alert.kind == "negative"
            blocks.append(Markup('<div class="alert %s mb-1" role="%s"><i class="fa %s me-2"/>%s</div>') % (
                "alert-danger" if negative else "alert-success",
                "alert" if negative else "status",
                "fa-exclamation-triangle" if negative else "fa-star",
                escape(alert.message),
            ))
        return Markup("").join(blocks)

    def action_view_smart_report_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smart_sales.smart_daily_report_line_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_smart_alerts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smart_sales.smart_alert_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_current": 1}
        return action
