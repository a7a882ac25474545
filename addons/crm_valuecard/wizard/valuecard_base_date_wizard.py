import base64
import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action


class ValuecardBaseDateWizard(models.TransientModel):
    """Pick a statutory base date, see the unused paid balance per company
    against the threshold, and download the report as XLSX."""

    _name = "valuecard.base.date.wizard"
    _description = "Value card base-date report"

    def _default_year(self):
        return self.env["valuecard.base.date.report"]._latest_base_date().year

    def _default_period(self):
        return "03" if self.env["valuecard.base.date.report"]._latest_base_date().month == 3 else "09"

    year = fields.Integer(required=True, default=lambda self: self._default_year())
    period = fields.Selection([("03", "March 31"), ("09", "September 30")], string="Base date",
                              required=True, default=lambda self: self._default_period())
    base_date = fields.Date(compute="_compute_base_date")
    company_ids = fields.Many2many("res.company", string="Companies", required=True,
                                   domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
                                   default=lambda self: self.env.companies)
    summary_html = fields.Html(compute="_compute_summary_html", sanitize=False)
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    @api.depends("year", "period")
    def _compute_base_date(self):
        for wizard in self:
            if wizard.period and 1 <= wizard.year <= 9999:
                wizard.base_date = datetime.date(wizard.year, int(wizard.period), 31 if wizard.period == "03" else 30)
            else:
                wizard.base_date = False

    @api.depends("base_date", "company_ids")
    def _compute_summary_html(self):
        report = self.env["valuecard.base.date.report"]
        for wizard in self:
            if not (wizard.base_date and wizard.company_ids):
                wizard.summary_html = False
                continue
            lines = report._get_company_lines(wizard.base_date, wizard.company_ids)
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td>"
                       "<td class='%s'>%s</td><td class='text-end'>%s</td><td>%s</td></tr>") % (
                    line["company"].name,
                    format_amount(self.env, line["unused"], line["company"].currency_id),
                    format_amount(self.env, line["threshold"], line["company"].currency_id),
                    "text-danger fw-bold" if line["exceeds"] else "",
                    self.env._("Yes") if line["exceeds"] else self.env._("No"),
                    format_amount(self.env, line["deposit"], line["company"].currency_id),
                    format_date(self.env, line["deadline"]))
                for line in lines)
            wizard.summary_html = Markup(
                "<table class='table table-sm table-bordered o_valuecard_base_date'><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>") % (
                self.env._("Company"), self.env._("Unused paid balance"), self.env._("Threshold"),
                self.env._("Above threshold"), self.env._("Minimum deposit (half)"), self.env._("Due by"), rows)
            if not lines:
                wizard.summary_html += Markup("<p class='text-muted o_valuecard_base_date_empty'>%s</p>") % \
                    self.env._("No company to report: choose at least one company you work in.")
            elif not any(line["unused"] for line in lines):
                wizard.summary_html += Markup("<p class='text-muted o_valuecard_base_date_empty'>%s</p>") % \
                    self.env._("No paid value was left unused at the end of %(date)s: no card of these companies "
                               "held paid value then (nothing had been charged yet, or all of it was used, "
                               "refunded or expired). Nothing is to be notified for this base date.",
                               date=format_date(self.env, wizard.base_date))

    def action_download(self):
        self.ensure_one()
        content = self.env["valuecard.base.date.report"]._get_xlsx(self.base_date, self.company_ids)
        self.write({
            "file": base64.b64encode(content),
            "filename": self.env._("unused paid balance %s.xlsx", self.base_date.isoformat()),
        })
        return download_action(self, "file", "filename")
