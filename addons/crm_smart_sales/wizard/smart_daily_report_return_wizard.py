from odoo import fields, models


class SmartDailyReportReturnWizard(models.TransientModel):
    """Ask the reviewer why a daily report goes back to its rep."""

    _name = "smart.daily.report.return.wizard"
    _description = "Return daily report"

    report_ids = fields.Many2many("smart.daily.report", string="Reports", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.report_ids.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
