from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    smart_inquiry_escalation_days = fields.Integer(
        related="company_id.smart_inquiry_escalation_days", readonly=False)
