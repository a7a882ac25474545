import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook
from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action

EXPORT_FIELDS = ("date", "user_id", "team_id", "partner_id", "lead_id", "kind", "start", "end", "duration",
                 "purpose", "result", "next_step", "next_step_date", "state")


class SmartDailyReportExportWizard(models.TransientModel):
    """Download the report lines of a period as an XLSX file."""

    _name = "smart.daily.report.export.wizard"
    _description = "Daily report download"

    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one("res.users", string="Sales Rep", domain=[("share", "=", False)])

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(self.env._("The end of the period cannot be before its start."))

    def _line_domain(self):
        self.ensure_one()
        domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.user_id:
            domain.append(("user_id", "=", self.user_id.id))
        return domain

    def _xlsx_content(self):
        """The lines the current user may read in the period, one typed row each."""
        self.ensure_one()
        Line = self.env["smart.daily.report.line"]
        lines = Line.search(self._line_domain(), order="date, user_id, start, id")
        fields_ = [Line._fields[name] for name in EXPORT_FIELDS]
        workbook = XlsxWorkbook()
        sheet = workbook.add_sheet(self.env._("Daily Reports"))
        sheet.header([field._description_string(self.env) for field in fields_])
        for row, line in enumerate(lines, start=1):
            for col, field in enumerate(fields_):
                sheet.record_cell(row, col, line, field)
        return workbook.close()

    def action_download(self):
        self.ensure_one()
        download = self.env["smart.file.download"].create({
            "file": base64.b64encode(self._xlsx_content()),
            "filename": f"daily_reports_{self.date_from}_{self.date_to}.xlsx",
        })
        return download_action(download)
