import base64
import io
from datetime import timedelta

import qrcode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date, format_datetime

from .valuecard_card_ledger import refund_reference
from .valuecard_coupon import normalize_code
from .valuecard_entry import REFUNDABLE_KINDS

COUNTER_ENTRY_LIMIT = 10
ALERT_DAYS = 30


class ValuecardCard(models.Model):
    """Counter screen, phone member card and coupons used with a payment.

    Every movement still goes through the public operations of the card
    (``charge``, ``pay``, ``refund``...); these helpers find a card and
    describe it for the counter screen, the portal page and the receipt.

    Coupons: the coupon is applied before the payment and recorded after
    it, in the same transaction. ``pay_with_coupon`` locks the coupon row,
    checks it, lets the card pay the remainder through the ordinary ``pay``
    operation (the ledger's one posting path, with its own lock, replay and
    checks) and marks the coupon redeemed, keyed by the payment's first
    ledger entry. The ledger itself is not changed: the payment entry shows
    its coupon through the coupon's link to it.
    """

    _inherit = "valuecard.card"

    # ------------------------------------------------------------------
    # Counter screen (called by the OWL client action through the ORM)
    # ------------------------------------------------------------------

    @api.model
    def counter_lookup(self, code):
        """Find the card of a scanned member token or a typed number.

        :param str code: what the scanner or the cashier typed
        :return: the card as described by :meth:`counter_card_info`
        """
        return self.lookup(code).counter_card_info()

    def counter_card_info(self):
        """The card, its customer, balances, last entries and alerts."""
        self.ensure_one()
        self.check_access("read")
        entries = self.env["valuecard.entry"].search(
            [("card_id", "=", self.id)], order="sequence desc", limit=COUNTER_ENTRY_LIMIT
        )
        reversed_ids = set(
            self.env["valuecard.entry"]
            .search([("card_id", "=", self.id), ("reversed_entry_id", "in", entries.ids)])
            .reversed_entry_id.ids
        )
        kinds = dict(self.env["valuecard.entry"]._fields["kind"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        return {
            "id": self.id,
            "number": self.number,
            "state": self.state,
            "state_label": states.get(self.state, self.state),
            "partner_name": self.partner_id.display_name or "",
            "program_name": self.program_id.display_name or "",
            "expiry_date": format_date(self.env, self.expiry_date) if self.expiry_date else "",
            "currency_id": self.currency_id.id,
            "balance_paid": self.balance_paid,
            "balance_bonus": self.balance_bonus,
            "balance_total": self.balance_paid + self.balance_bonus,
            "points": self.points,
            "entries": [
                {
                    "id": entry.id,
                    "date": format_datetime(self.env, entry.date, dt_format="short"),
                    "kind": entry.kind,
                    "kind_label": kinds.get(entry.kind, entry.kind),
                    "amount_paid": entry.amount_paid,
                    "amount_bonus": entry.amount_bonus,
                    "points": entry.points,
                    "reference": entry.reference or "",
                    "coupon": entry.coupon_ids[:1].display_name or "",
                    "refundable": bool(
                        entry.kind in REFUNDABLE_KINDS
                        and entry.reference
                        and entry.id not in reversed_ids
                    ),
                }
                for entry in entries
            ],
            "alerts": self._counter_alerts(),
        }

    @api.readonly
    def counter_charge_preview(self, amount):
        """What a charge of ``amount`` yen would add, for the counter screen to
        show while the amount is typed: the paid value, the bonus of the best
        charge rule of the card's program on the card's day (the rule
        ``charge`` applies) and the total. Nothing is posted."""
        self.ensure_one()
        self._check_operator()
        self.check_access("read")
        amount = self._whole_yen(amount, self.env._("charge amount"))
        card = self.sudo()._in_day_zone()
        rule = self.env["valuecard.rule"].sudo()._best_rule(
            card.program_id, amount, fields.Date.context_today(card))
        bonus = rule._bonus_for(amount) if rule else 0
        return {
            "amount": amount,
            "bonus": bonus,
            "total": amount + bonus,
            "rule_name": rule.name or "",
            "message": self.env._(
                "%(amount)s charged, %(bonus)s bonus (%(rule)s): %(total)s added to the card.",
                amount=self._format_yen(amount), bonus=self._format_yen(bonus), rule=rule.name,
                total=self._format_yen(amount + bonus))
            if rule else self.env._("%(amount)s charged, no bonus rule applies to this amount.",
                                    amount=self._format_yen(amount)),
        }

    @api.readonly
    def counter_refund_preview(self, reference):
        """What refunding the operation posted with ``reference`` would move,
        for the counter screen to show before the cashier confirms: per
        bucket (paid, bonus, points) the signed change of the card's balance
        (positive: it comes back to the card). Nothing is posted; a reference
        that cannot be refunded is refused with the reason ``refund`` would
        give."""
        self.ensure_one()
        self._check_operator()
        self.check_access("read")
        reference = self._check_reference(reference)
        card = self.sudo()._in_day_zone()
        card._check_state(("active",))
        moves = card._build_refund(reference)
        # a refund already posted is replayed by ``refund``, whatever the lots hold now
        done = bool(self.env["valuecard.entry"].sudo().search_count(
            [("card_id", "=", self.id), ("reference", "=", refund_reference(reference))], limit=1))
        change = dict.fromkeys(("paid", "bonus", "points"), 0)
        for move in moves:
            if not done and move["lot"] and move["lot"].amount_remaining + move["amount"] < 0:
                raise UserError(self.env._(
                    "Card %(number)s has already spent part of the value of operation %(reference)s: it can no "
                    "longer be refunded.", number=self.number, reference=reference))
            change[move["bucket"]] += move["amount"]
        original = self.env["valuecard.entry"].sudo().search(
            [("card_id", "=", self.id), ("reference", "=", reference)], order="sequence", limit=1)
        kinds = dict(original._fields["kind"]._description_selection(self.env))
        kind = kinds.get(original.kind, original.kind)
        when = format_datetime(self.env, original.date, dt_format="short")
        buckets = dict(self.env["valuecard.lot"]._fields["bucket"]._description_selection(self.env))
        lines = [{
            "bucket": bucket,
            "label": buckets.get(bucket, bucket),
            "amount": amount,
            "display": (self.env._("%(points)s points", points=f"{amount:+,}") if bucket == "points"
                        else ("+" if amount > 0 else "-") + self._format_yen(abs(amount))),
        } for bucket, amount in change.items() if amount]
        return {
            "reference": reference,
            "kind": original.kind,
            "kind_label": kind,
            "date": when,
            "question": self.env._("Refund the %(kind)s %(reference)s of %(date)s?", kind=kind,
                                   reference=reference, date=when),
            "amount_paid": change["paid"],
            "amount_bonus": change["bonus"],
            "points": change["points"],
            "lines": lines,
            "already_refunded": done,
        }

    def _counter_alerts(self):
        self.ensure_one()
        alerts = []
        if self.state != "active":
            states = dict(self._fields["state"]._description_selection(self.env))
            alerts.append({
                "type": "danger",
                "message": self.env._(
                    "This card is %(state)s: no operation is possible.", state=states[self.state]
                ),
            })
        soon = fields.Date.context_today(self) + timedelta(days=ALERT_DAYS)
        if self.expiry_date and self.expiry_date <= soon:
            alerts.append({
                "type": "warning",
                "message": self.env._(
                    "The card expires on %(date)s.", date=format_date(self.env, self.expiry_date)
                ),
            })
        buckets = dict(self.env["valuecard.lot"]._fields["bucket"]._description_selection(self.env))
        for lot in self._member_open_lots().filtered(
            lambda lot: lot.expiry_date and lot.expiry_date <= soon
        ):
            alerts.append({
                "type": "info",
                "message": self.env._(
                    "%(amount)s of %(bucket)s expires on %(date)s.",
                    amount=self._member_format_lot(lot),
                    bucket=buckets.get(lot.bucket, lot.bucket),
                    date=format_date(self.env, lot.expiry_date),
                ),
            })
        return alerts

    # ------------------------------------------------------------------
    # Member card: lots, QR code and barcode of the signed member token
    # ------------------------------------------------------------------

    def _member_open_lots(self):
        """Lots that still hold value, the first to expire first."""
        self.ensure_one()
        lots = self.env["valuecard.lot"].search(
            [("card_id", "=", self.id), ("amount_remaining", ">", 0)]
        )
        return lots.sorted(lambda lot: (not lot.expiry_date, lot.expiry_date or fields.Date.today()))

    def _member_format_lot(self, lot):
        if lot.bucket == "points":
            return self.env._("%(points)s points", points=int(lot.amount_remaining))
        return self.currency_id.format(lot.amount_remaining)

    @api.model
    def _qr_png(self, text):
        """QR code (PNG) of ``text``: a signed token, never a bare card number."""
        image = qrcode.make(text, box_size=8, border=4)
        stream = io.BytesIO()
        image.save(stream, format="PNG")
        return stream.getvalue()

    @api.model
    def _get_qr_data_uri(self, text):
        return "data:image/png;base64,%s" % base64.b64encode(self._qr_png(text)).decode()

    def _get_member_barcode_png(self):
        """Code 128 barcode (PNG) of the signed member token."""
        self.ensure_one()
        return self.env["ir.actions.report"].barcode(
            "Code128", self._get_member_token(), width=1200, height=200, quiet=1
        )

    def _get_member_qr_data_uri(self):
        self.ensure_one()
        return self._get_qr_data_uri(self._get_member_token())

    def _get_member_barcode_data_uri(self):
        return "data:image/png;base64,%s" % base64.b64encode(self._get_member_barcode_png()).decode()

    def _get_masked_number(self):
        """The card number with all but its last four characters hidden."""
        self.ensure_one()
        number = self.number or ""
        return "*" * max(len(number) - 4, 0) + number[-4:]

    # ------------------------------------------------------------------
    # Coupons used with a payment
    # ------------------------------------------------------------------

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
