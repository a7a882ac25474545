from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    smart_report_reminder_hour = fields.Float(
        related="company_id.smart_report_reminder_hour", readonly=False)
