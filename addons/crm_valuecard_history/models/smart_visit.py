from odoo import fields, models


class SmartVisit(models.Model):
    _inherit = "smart.visit"

    card_id = fields.Many2one("valuecard.card", string="Value Card", readonly=True, index="btree_not_null",
                              ondelete="set null", help="The card that paid for this visit.")
