from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    smart_report_reminder_hour = fields.Float(
        string="Daily Report Reminder Time", default=18.0,
        help="Local time after which reps who have not submitted today's report get a reminder.")
