from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

# set by the payment that records the visit, never by a user's form
PAYMENT_FIELDS = ("card_id", "coupon_id")


class SmartVisit(models.Model):
    _inherit = "smart.visit"

    card_id = fields.Many2one("valuecard.card", string="Value Card", readonly=True, index="btree_not_null",
                              ondelete="set null", help="The card that paid for this visit.")
    coupon_id = fields.Many2one("valuecard.coupon", readonly=True, index="btree_not_null",
                                ondelete="set null", help="The coupon used with the payment of this visit.")
    coupon_note = fields.Char(
        string="Coupon Discount", compute="_compute_coupon_note",
        help="Which coupon took what off the purchase, in the reader's language: made when read from the "
             "coupon, never stored as a sentence.")

    @api.depends("coupon_id.name", "coupon_id.discount_amount", "coupon_id.purchase_amount")
    @api.depends_context("lang")
    def _compute_coupon_note(self):
        for visit in self:
            coupon = visit.coupon_id.sudo()
            visit.coupon_note = self.env._(
                "Coupon %(name)s: %(discount)s off a purchase of %(amount)s", name=coupon.name,
                discount=format_amount(self.env, coupon.discount_amount, coupon.currency_id),
                amount=format_amount(self.env, coupon.purchase_amount, coupon.currency_id)) if coupon else False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                for name in PAYMENT_FIELDS:
                    vals.pop(name, None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(name in vals for name in PAYMENT_FIELDS):
            raise UserError(self.env._("The card and coupon of a visit are those of its payment and cannot be "
                                       "changed."))
        return super().write(vals)
