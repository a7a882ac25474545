from odoo import fields, models

# value cards are sold by Japanese shops: their day, when neither the user nor
# the company has a time zone
DEFAULT_TZ = "Asia/Tokyo"


class ResCompany(models.Model):
    _inherit = "res.company"

    valuecard_spend_order = fields.Selection(
        [("bonus_first", "Bonus value first"), ("paid_first", "Paid value first")],
        string="Value Card Spending Order",
        default="bonus_first",
        required=True,
        help="Which value a payment spends first when both expire on the same day or never expire. "
        "Value that expires sooner is always spent first.",
    )
    valuecard_max_balance = fields.Integer(
        string="Value Card Maximum Balance",
        default=300000,
        help="Highest paid plus bonus balance a card may hold, in yen (0: no limit).",
    )
    valuecard_max_charge = fields.Integer(
        string="Value Card Maximum Charge",
        default=100000,
        help="Highest amount one charge may add, in yen (0: no limit).",
    )
    valuecard_max_charge_per_day = fields.Integer(
        string="Value Card Maximum Charge per Day",
        default=200000,
        help="Highest total a card may be charged with in one day, in yen (0: no limit).",
    )

    def _valuecard_tz(self):
        """Name of the time zone of the company's business day: the zone of its
        address, else Japan's (value cards are sold by Japanese shops)."""
        self.ensure_one()
        return self.partner_id.tz or DEFAULT_TZ
