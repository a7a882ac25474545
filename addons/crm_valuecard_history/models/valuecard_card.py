import datetime
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_valuecard.models.valuecard_card_ledger import refund_reference

_logger = logging.getLogger(__name__)

# reference of the points of the visit paid with reference R: visit:R
VISIT_PREFIX = "visit:"
VISIT_OPERATION = "visit_points:"


def payment_visit_ref(card_id, reference):
    """External reference of the visit recorded for the payment ``reference`` of a card."""
    return f"valuecard:{card_id}:{reference}"


class ValuecardCard(models.Model):
    """A value-card payment is a visit of the card's customer.

    * Each payment posted records one visit (external reference
      ``valuecard:<card>:<payment reference>``), inserted by the posting's
      own statement (``_posting_side_effects``): no extra round trip, no ORM.
      A replayed payment posts nothing, so records nothing; a card without a
      customer records no visit. The customer's first visit ever is
      announced (``res.partner._smart_customer_event("first_visit")``).
    * The refund of a payment marks its visit *Reversed* in the refund's
      statement; the visit stays, with its amount, out of the customer's value.
    * A payment with a coupon records the visit with what the card paid, and
      the coupon, whose discount and purchase the visit shows in the reader's
      language (``smart.visit.coupon_note``).
    * A payment on a program with a points-per-visit rule earns the rule's
      points through the ledger, under the reference ``visit:<payment
      reference>``, at most the rule's number of times a day per card
      (counted under the card lock). The refund takes them back while the
      card still holds them; points already spent stay spent.
    """

    _inherit = "valuecard.card"

    def pay(self, amount, reference, terminal=None):
        result = super().pay(amount, reference, terminal)
        # the card's fields were dropped from the cache by the posting: read them only where rules exist
        programs = self.env["valuecard.rule"]._visit_rule_program_ids()
        if not result["replayed"] and programs and self.program_id.id in programs:
            self._grant_visit_points(int(amount), result["reference"], terminal)
        if not result["replayed"] and self.env["res.partner"]._smart_customer_event_wanted("first_visit"):
            self._announce_first_visit(result["reference"])
        return result

    def pay_with_coupon(self, amount, coupon_code, reference, terminal=None):
        result = super().pay_with_coupon(amount, coupon_code, reference, terminal)
        if not result["replayed"]:
            # the visit records what the card paid, and the coupon that took off the rest
            visit = self.env["smart.visit"].sudo().search(
                [("company_id", "=", self.company_id.id),
                 ("external_ref", "=", payment_visit_ref(self.id, result["reference"]))], limit=1)
            visit.coupon_id = result["coupon_id"]
        return result

    def refund(self, reference, terminal=None):
        result = super().refund(reference, terminal)
        if not result["replayed"]:
            self._refund_visit_points(self._check_reference(reference), terminal)
        return result

    @api.model
    def _check_reference(self, reference):
        reference = super()._check_reference(reference)
        if reference.lower().startswith(VISIT_PREFIX):
            raise UserError(self.env._(
                "References starting with %(prefix)s are kept for the points of visits: use another reference.",
                prefix=VISIT_PREFIX))
        return reference

    def _posting_side_effects(self, reference, operation, terminal):
        parts = super()._posting_side_effects(reference, operation, terminal)
        kind, _sep, argument = operation.partition(":")
        now, uid = self.env.cr.now(), self.env.uid
        if kind == "pay":
            parts.append(SQL(
                """payment_visit AS (
                       INSERT INTO smart_visit (partner_id, company_id, card_id, date, store, amount, channel, source,
                                                state, external_ref, user_id, create_uid, create_date, write_uid,
                                                write_date)
                       SELECT c.partner_id, c.company_id, c.id, %(now)s, %(terminal)s, %(amount)s, 'store',
                              'valuecard', 'done', %(ref)s, %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                         FROM valuecard_card c WHERE c.id = %(card)s AND c.partner_id IS NOT NULL
                       ON CONFLICT (company_id, external_ref) DO NOTHING)""",
                now=now, terminal=terminal or None, amount=int(argument), ref=payment_visit_ref(self.id, reference),
                uid=uid, card=self.id))
        elif kind == "refund":
            parts.append(SQL(
                """refunded_visit AS (
                       UPDATE smart_visit SET state = 'reversed', write_uid = %s, write_date = %s
                        WHERE company_id = %s AND external_ref = %s AND state = 'done')""",
                uid, now, self.company_id.id, payment_visit_ref(self.id, argument)))
        if parts:
            self.env["smart.visit"].invalidate_model()
        return parts

    def _announce_first_visit(self, reference):
        """Announce the first visit of the card's customer when the visit of the
        payment ``reference`` is their only one: one query on the payment path,
        made only while something (a step mail) starts on a first visit."""
        self.env.cr.execute(SQL(
            """SELECT v.partner_id FROM smart_visit v
                WHERE v.company_id = (SELECT company_id FROM valuecard_card WHERE id = %(card)s)
                  AND v.external_ref = %(ref)s
                  AND NOT EXISTS (SELECT 1 FROM smart_visit other
                                   WHERE other.partner_id = v.partner_id AND other.id != v.id)""",
            card=self.id, ref=payment_visit_ref(self.id, reference)))
        newcomer = self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())
        if newcomer:
            newcomer._smart_customer_event("first_visit")

    def _grant_visit_points(self, amount, reference, terminal):
        card = self.sudo()._in_day_zone()
        rule = self.env["valuecard.rule"].sudo()._best_visit_rule(
            card.program_id, amount, fields.Date.context_today(card))
        if rule:
            card._post(f"{VISIT_PREFIX}{reference}", f"{VISIT_OPERATION}{rule.id}", terminal,
                       lambda locked, lots: locked._build_visit_points(rule))

    def _build_visit_points(self, rule):
        """The points of ``rule`` for a visit, unless the card has earned visit
        points ``rule.visit_max_per_day`` times today (counted under the card lock)."""
        today = fields.Date.context_today(self)
        [(earned,)] = self.env["valuecard.entry"]._read_group(
            [("card_id", "=", self.id), ("kind", "=", "points_earned"),
             ("operation", "=like", f"{VISIT_OPERATION}%"), ("date", ">=", today)], aggregates=["__count"])
        if earned >= rule.visit_max_per_day:
            return []
        days = self.program_id.points_validity_days
        return [{"kind": "points_earned", "bucket": "points", "amount": rule.visit_points, "reason": rule.name,
                 "expiry_date": today + datetime.timedelta(days=days) if days else False}]

    def _refund_visit_points(self, reference, terminal):
        """Take back the visit points of the refunded payment ``reference`` while the card holds them."""
        visit_reference = f"{VISIT_PREFIX}{reference}"
        if not self.env["valuecard.entry"].sudo().search_count(
                [("card_id", "=", self.id), ("reference", "=", visit_reference)], limit=1):
            return
        try:
            with self.env.cr.savepoint():
                self.sudo()._post(refund_reference(visit_reference), f"refund:{visit_reference}", terminal,
                                  lambda card, lots: card._build_refund(visit_reference))
        except UserError:
            # spent points stay spent: the refund of the payment does not depend on them
            _logger.info("Value card %s keeps the spent points of payment %s", self.number, reference)
