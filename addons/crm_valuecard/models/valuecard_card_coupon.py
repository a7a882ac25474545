from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .valuecard_coupon import normalize_code


class ValuecardCard(models.Model):
    """Coupons redeemed with a card payment.

    The coupon is applied before the payment and recorded after it, in the
    same transaction: ``pay_with_coupon`` locks the coupon row, checks it,
    lets the card pay the remainder through the ordinary ``pay`` operation
    (the ledger's one posting path, with its own lock, replay and checks)
    and marks the coupon redeemed, keyed by the payment's first ledger
    entry. The ledger itself is not changed: the payment entry shows its
    coupon through the coupon's link to it."""

    _inherit = "valuecard.card"

    def pay_with_coupon(self, amount, coupon_code, reference, terminal=None):
        """Pay a purchase of ``amount`` yen with the coupon ``coupon_code``:
        the card pays ``amount`` less the coupon's discount.

        Returns the result of ``pay`` plus ``coupon_id``, ``coupon_code``,
        ``purchase_amount`` and ``discount_amount``. The same reference sent
        again returns the first result (``replayed``) without using anything
        twice; a coupon already used, cancelled, expired or not yet valid,
        of another customer, or on a purchase below its minimum is refused
        and nothing is written."""
        if len(self) != 1:
            raise UserError(self.env._("Card operations run on one card at a time."))
        self._check_operator()
        self.check_access("read")
        amount = self._whole_yen(amount, self.env._("purchase amount"))
        reference = self._check_reference(reference)
        coupon = self._coupon_locked(coupon_code)
        card = self.sudo()._in_day_zone()
        if (coupon.state == "redeemed" and coupon.redeemed_card_id == card
                and coupon.redeemed_reference == reference and coupon.purchase_amount == amount):
            # a terminal retrying the payment it already made: the ledger replays it
            result = self.pay(amount - int(coupon.discount_amount), reference, terminal)
            return self._coupon_result(result, coupon)
        coupon._check_usable(card, amount, fields.Date.context_today(card))
        discount = coupon._discount_for(amount)
        result = self.pay(amount - discount, reference, terminal)
        if result["replayed"]:
            raise UserError(self.env._(
                "Reference %(reference)s was already used for a payment without coupon %(code)s: use a new "
                "reference.", reference=reference, code=coupon.code))
        coupon._workflow_write({
            "state": "redeemed", "redeemed_date": fields.Datetime.now(), "redeemed_card_id": self.id,
            "redeemed_entry_id": result["entry_ids"][0], "redeemed_reference": reference,
            "redeemed_user_id": self.env.uid, "purchase_amount": amount, "discount_amount": discount,
        })
        return self._coupon_result(result, coupon)

    @api.readonly
    def counter_coupon_preview(self, coupon_code, amount):
        """What the coupon ``coupon_code`` takes off a purchase of ``amount``
        yen paid with this card, for the counter screen to show before the
        payment; refused with the reason when the coupon cannot be used."""
        self.ensure_one()
        self._check_operator()
        self.check_access("read")
        amount = self._whole_yen(amount, self.env._("purchase amount"))
        coupon = self._coupon_from_code(coupon_code)
        card = self.sudo()._in_day_zone()
        coupon._check_usable(card, amount, fields.Date.context_today(card))
        discount = coupon._discount_for(amount)
        return {"coupon_id": coupon.id, "coupon_code": coupon.code, "name": coupon.name,
                "purchase_amount": amount, "discount_amount": discount, "amount_to_pay": amount - discount}

    def _member_coupons(self):
        """Coupons the card's customer can still use (sudoed), for the member
        card: valid, not past their last day, the first to end first."""
        self.ensure_one()
        if not self.partner_id:
            return self.env["valuecard.coupon"]
        card = self.sudo()._in_day_zone()
        return self.env["valuecard.coupon"].sudo().search([
            ("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id),
            ("state", "=", "valid"), ("date_to", ">=", fields.Date.context_today(card)),
        ], order="date_to, id")

    def _coupon_from_code(self, coupon_code):
        """The coupon (sudoed) of the card's company with the typed or scanned code."""
        code = normalize_code(coupon_code)
        if not code:
            raise UserError(self.env._("“%(code)s” is not a coupon code.", code=coupon_code))
        coupon = self.env["valuecard.coupon"].sudo().search(
            [("code", "=", code), ("company_id", "=", self.company_id.id)], limit=1)
        if not coupon:
            raise UserError(self.env._("No coupon has the code %(code)s.", code=code))
        return coupon

    def _coupon_locked(self, coupon_code):
        """The coupon, its row locked until the end of the transaction: two
        counters using it at once run one after the other, and the second,
        seeing it redeemed (after Odoo's retry of the serialisation failure),
        is refused."""
        coupon = self._coupon_from_code(coupon_code)
        self.env.flush_all()
        # a serialisation failure here is expected when two counters race, and retried by Odoo
        self.env.cr.execute(SQL("SELECT id FROM valuecard_coupon WHERE id = %s FOR NO KEY UPDATE", coupon.id),
                            log_exceptions=False)
        coupon.invalidate_recordset()
        return coupon

    def _coupon_result(self, result, coupon):
        return dict(result, coupon_id=coupon.id, coupon_code=coupon.code,
                    purchase_amount=int(coupon.purchase_amount), discount_amount=int(coupon.discount_amount))
