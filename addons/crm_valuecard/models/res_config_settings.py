from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    valuecard_spend_order = fields.Selection(related="company_id.valuecard_spend_order", readonly=False)
    valuecard_max_balance = fields.Integer(related="company_id.valuecard_max_balance", readonly=False)
    valuecard_max_charge = fields.Integer(related="company_id.valuecard_max_charge", readonly=False)
    valuecard_max_charge_per_day = fields.Integer(related="company_id.valuecard_max_charge_per_day",
                                                  readonly=False)
