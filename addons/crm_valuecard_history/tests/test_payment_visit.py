from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ValuecardHistoryCase
from odoo.addons.crm_smart_base.tests.common import announced_customer_events


@tagged("post_install", "-at_install")
class TestPaymentVisit(ValuecardHistoryCase):

    def test_payment_records_one_visit(self):
        card = self.card.with_user(self.user_terminal)
        card.pay(1280, "R-1", terminal="本店 レジ1")
        # a terminal retry is replayed: still one visit
        self.assertTrue(card.pay(1280, "R-1", terminal="本店 レジ1")["replayed"])
        visit = self.card_visits()
        self.assertRecordValues(visit, [{
            "partner_id": self.customer.id, "company_id": self.company.id, "amount": 1280, "store": "本店 レジ1",
            "channel": "store", "source": "valuecard", "state": "done",
            "external_ref": f"valuecard:{self.card.id}:R-1", "user_id": self.user_terminal.id,
        }])
        # a charge is no visit
        card.charge(1000, "C-2")
        self.assertEqual(len(self.card_visits()), 1)

    def test_refund_reverses_the_visit(self):
        card = self.card.with_user(self.user_terminal)
        card.pay(3000, "R-1")
        card.pay(500, "R-2")
        card.refund("R-1")
        card.refund("R-1")
        self.assertEqual(self.card_visits().mapped("state"), ["reversed", "done"])
        # the customer's value counts the payment that stands
        self.env["smart.customer.value"]._recompute()
        self.assertEqual((self.customer.smart_purchase_count, self.customer.smart_monetary), (1, 500))

    def test_card_without_customer_records_no_visit(self):
        card = self.Card.create({"program_id": self.program.id})
        card.charge(1000, "C-9")
        card.with_user(self.user_terminal).pay(100, "R-9")
        self.assertFalse(self.card_visits(card))

    def test_refused_payment_records_nothing(self):
        with self.assertRaises(UserError):
            self.card.with_user(self.user_terminal).pay(10 ** 6, "R-big")
        self.assertFalse(self.card_visits())

    def test_visit_references_are_the_system_s(self):
        with self.assertRaises(UserError):
            self.card.with_user(self.user_terminal).pay(100, "visit:1")
        with self.assertRaises(UserError):
            self.card.with_user(self.user_terminal).refund("Visit:1")

    def test_payment_stays_cheap(self):
        """The visit is written by the payment's own statement: the payment
        stays at crm_valuecard's three queries."""
        card = self.card.with_user(self.user_terminal)
        card.pay(100, "R-warm")
        with self.assertQueryCount(3):
            card.pay(100, "R-q")
            self.env.flush_all()
        self.assertEqual(len(self.card_visits()), 2)

    def test_first_payment_is_the_first_visit(self):
        card = self.card.with_user(self.user_terminal)
        with announced_customer_events(self.env) as events:
            card.pay(1000, "R-1")
            card.pay(1000, "R-1")  # a terminal retry
            card.pay(500, "R-2")
        self.assertEqual([(event, partners) for event, partners in events], [("first_visit", self.customer)])
        # a customer who visited before: no first visit
        regular = self.env["res.partner"].create({"name": "常連 一郎"})
        self.Visit.sudo().create({"partner_id": regular.id})
        regular_card = self.Card.create({"program_id": self.program.id, "partner_id": regular.id})
        regular_card.charge(1000, "C-R")
        with announced_customer_events(self.env) as events:
            regular_card.with_user(self.user_terminal).pay(100, "R-3")
        self.assertEqual(events, [])

    def test_coupon_payment_visit_names_the_coupon(self):
        coupon = self.env["valuecard.coupon"].create({
            "name": "感謝クーポン", "partner_id": self.customer.id, "discount_value": 10, "discount_type": "percent",
            "date_to": fields.Date.today()})
        card = self.card.with_user(self.user_terminal)
        card.pay_with_coupon(3000, coupon.code, "R-1", terminal="本店 レジ1")
        self.assertTrue(card.pay_with_coupon(3000, coupon.code, "R-1", terminal="本店 レジ1")["replayed"])
        visit = self.card_visits()
        # the visit keeps the coupon, not a sentence in the language of the counter
        self.assertRecordValues(visit, [{
            "amount": 2700, "external_ref": f"valuecard:{self.card.id}:R-1", "coupon_id": coupon.id,
            "description": False,
        }])
        self.assertEqual(visit.with_context(lang="en_US").coupon_note,
                         "Coupon 感謝クーポン: ¥\u00a0300 off a purchase of ¥\u00a03,000")
        # the card and the coupon are the payment's: nobody changes them on the visit
        for vals in ({"coupon_id": False}, {"card_id": False}):
            with self.assertRaises(UserError):
                visit.with_user(self.user_manager).write(vals)
        other = self.Visit.with_user(self.user_manager).create(
            {"partner_id": self.customer.id, "card_id": self.card.id, "coupon_id": coupon.id})
        self.assertFalse(other.card_id or other.coupon_id)
        self.assertEqual(visit.coupon_id, coupon)
