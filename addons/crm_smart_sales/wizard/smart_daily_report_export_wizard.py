import base64
import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.crm_smart_base.tools import xlsx_writer
from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - declared in external_dependencies
    xlsxwriter = None

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
        if xlsxwriter is None:
            raise UserError(self.env._("Writing XLSX files needs the Python package xlsxwriter."))
        Line = self.env["smart.daily.report.line"]
        lines = Line.search(self._line_domain(), order="date, user_id, start, id")
        fields_ = [Line._fields[name] for name in EXPORT_FIELDS]
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Daily Reports")[:31])
        formats = xlsx_writer.formats(book)
        widths = [max(8, len(field._description_string(self.env)) * 2 + 2) for field in fields_]
        for col, field in enumerate(fields_):
            sheet.write_string(0, col, field._description_string(self.env), formats["header"])
        for row, line in enumerate(lines, start=1):
            for col, field in enumerate(fields_):
                widths[col] = max(widths[col], min(60, xlsx_writer.write_record_cell(sheet, row, col, line, field, formats)))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(lines), 1), len(fields_) - 1)
        book.close()
        return output.getvalue()

    def action_download(self):
        self.ensure_one()
        download = self.env["smart.file.download"].create({
            "file": base64.b64encode(self._xlsx_content()),
            "filename": f"daily_reports_{self.date_from}_{self.date_to}.xlsx",
        })
        return download_action(download)
