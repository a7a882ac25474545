from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.valuecard_coupon import normalize_code
from .common import ValuecardCase


class CouponCase(ValuecardCase):
    """A card holding ¥10,000 of paid value (no charge bonus) and a coupon factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule.active = False
        cls.card.charge(10000, "C-1")
        cls.Coupon = cls.env["valuecard.coupon"]
        cls.today = fields.Date.today()
        cls.other_customer = cls.env["res.partner"].create({"name": "別の 顧客", "email": "other@example.jp"})
        cls.other_card = cls.Card.create({"program_id": cls.program.id, "partner_id": cls.other_customer.id})
        cls.other_card.charge(5000, "C-2")

    def coupon(self, **vals):
        return self.Coupon.with_user(self.user_manager).create({
            "name": "ご来店感謝クーポン", "partner_id": self.customer.id, "discount_type": "fixed",
            "discount_value": 500, "min_amount": 2000, "date_to": self.today + timedelta(days=30), **vals,
        }).sudo()

    def pay(self, amount, coupon, reference, card=None):
        card = (card or self.card).with_user(self.user_terminal)
        code = coupon if isinstance(coupon, str) else coupon.code
        return card.pay_with_coupon(amount, code, reference, terminal="本店 レジ1")

    def snapshot(self):
        """What a refused redemption must leave as it was."""
        self.env.invalidate_all()
        coupons = self.Coupon.sudo().search([])
        return (self.card.balance_paid, self.card.balance_bonus, self.card.ledger_sequence,
                self.Entry.search_count([]), coupons.mapped("state"), coupons.mapped("redeemed_entry_id").ids)


@tagged("post_install", "-at_install")
class TestCouponRedemption(CouponCase):

    def test_fixed_coupon_card_pays_the_remainder(self):
        coupon = self.coupon()
        result = self.pay(3000, coupon, "R-1")
        self.assertEqual(
            {key: result[key] for key in ("balance_paid", "purchase_amount", "discount_amount", "replayed",
                                          "coupon_id", "coupon_code")},
            {"balance_paid": 7500, "purchase_amount": 3000, "discount_amount": 500, "replayed": False,
             "coupon_id": coupon.id, "coupon_code": coupon.code})
        payment = self.Entry.browse(result["entry_ids"])
        self.assertRecordValues(payment, [{"kind": "payment", "amount_paid": -2500, "reference": "R-1",
                                           "operation": "pay:2500", "terminal": "本店 レジ1"}])
        self.assertRecordValues(coupon, [{
            "state": "redeemed", "redeemed_card_id": self.card.id, "redeemed_entry_id": payment.id,
            "redeemed_reference": "R-1", "redeemed_user_id": self.user_terminal.id, "purchase_amount": 3000,
            "discount_amount": 500,
        }])
        self.assertTrue(coupon.redeemed_date)
        # the ledger entry shows its coupon, to the counter too
        self.assertEqual(payment.with_user(self.user_terminal).coupon_ids, coupon)
        info = self.card.with_user(self.user_terminal).counter_card_info()
        self.assertEqual(info["entries"][0]["coupon"], "ご来店感謝クーポン (¥\u00a0500 off)")
        self.assertIntegrity(self.card)

    def test_percent_coupon_rounds_down(self):
        coupon = self.coupon(discount_type="percent", discount_value=15, min_amount=0)
        preview = self.card.with_user(self.user_terminal).counter_coupon_preview(coupon.code, 1999)
        self.assertEqual((preview["discount_amount"], preview["amount_to_pay"]), (299, 1700))
        self.assertEqual(coupon.state, "valid", "a preview uses nothing")
        result = self.pay(1999, coupon, "R-1")
        self.assertEqual((result["discount_amount"], result["balance_paid"]), (299, 8300))

    def test_code_typed_loosely_is_found(self):
        coupon = self.coupon()
        body = coupon.code.replace("-", "")
        typed = "ｃｐ " + " ".join(body[2:][i:i + 4].lower() for i in range(0, 12, 4))
        self.assertEqual(normalize_code(typed), coupon.code)
        self.assertEqual(self.pay(2000, typed, "R-1")["discount_amount"], 500)

    def test_retry_replays_without_using_anything_twice(self):
        coupon = self.coupon()
        first = self.pay(3000, coupon, "R-1")
        again = self.pay(3000, coupon, "R-1")
        self.assertTrue(again["replayed"])
        self.assertEqual((again["entry_ids"], again["balance_paid"], again["discount_amount"]),
                         (first["entry_ids"], 7500, 500))
        self.assertEqual(self.Entry.search_count([("card_id", "=", self.card.id), ("kind", "=", "payment")]), 1)

    def test_refund_gives_back_the_card_payment_not_the_coupon(self):
        coupon = self.coupon()
        self.pay(3000, coupon, "R-1")
        self.card.with_user(self.user_terminal).refund("R-1")
        self.assertEqual(self.card.balance_paid, 10000)
        self.assertEqual(coupon.state, "redeemed")

    def test_coupon_used_twice_is_refused(self):
        coupon = self.coupon()
        self.pay(3000, coupon, "R-1")
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "was already used on"):
            self.pay(3000, coupon, "R-2")
        # the same reference with another purchase is no retry either
        with self.assertRaisesRegex(UserError, "was already used on"):
            self.pay(4000, coupon, "R-1")
        self.assertEqual(self.snapshot(), before)

    def test_expired_or_not_yet_valid_coupon_is_refused(self):
        expired = self.coupon(date_from=self.today - timedelta(days=10), date_to=self.today - timedelta(days=1))
        early = self.coupon(date_from=self.today + timedelta(days=1))
        last_day = self.coupon(date_from=self.today, date_to=self.today)
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "expired on %s" % (self.today - timedelta(days=1))):
            self.pay(3000, expired, "R-1")
        with self.assertRaisesRegex(UserError, "is valid from %s" % (self.today + timedelta(days=1))):
            self.pay(3000, early, "R-2")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.pay(3000, last_day, "R-3")["discount_amount"], 500, "valid on its last day")

    def test_coupon_of_another_customer_is_refused(self):
        coupon = self.coupon(partner_id=self.other_customer.id)
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "belongs to another customer"):
            self.pay(3000, coupon, "R-1")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.pay(3000, coupon, "R-2", card=self.other_card)["balance_paid"], 2500)

    def test_purchase_below_the_minimum_is_refused(self):
        coupon = self.coupon(min_amount=2000)
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "at least ¥\u00a02,000; this one is ¥\u00a01,999\\."):
            self.pay(1999, coupon, "R-1")
        with self.assertRaisesRegex(UserError, "at least ¥\u00a02,000"):
            self.card.with_user(self.user_terminal).counter_coupon_preview(coupon.code, 1999)
        self.assertEqual(self.snapshot(), before)

    def test_cancelled_unknown_and_whole_purchase_coupons_are_refused(self):
        cancelled = self.coupon()
        cancelled.with_user(self.user_manager).action_cancel()
        whole = self.coupon(discount_type="percent", discount_value=100, min_amount=0)
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "was cancelled"):
            self.pay(3000, cancelled, "R-1")
        with self.assertRaisesRegex(UserError, "would cover the whole purchase"):
            self.pay(3000, whole, "R-2")
        with self.assertRaisesRegex(UserError, "No coupon has the code CP-2222-2222-2222"):
            self.pay(3000, "CP-2222-2222-2222", "R-3")
        with self.assertRaisesRegex(UserError, "is not a coupon code"):
            self.pay(3000, self.card.number, "R-4")
        self.assertEqual(self.snapshot(), before)

    def test_card_that_cannot_pay_leaves_the_coupon_unused(self):
        coupon = self.coupon(min_amount=0)
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "less than the ¥\u00a019,500 to pay"):
            self.pay(20000, coupon, "R-1")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(coupon.state, "valid")

    def test_reference_of_a_payment_without_coupon_is_refused(self):
        self.card.with_user(self.user_terminal).pay(2500, "R-1")
        coupon = self.coupon()
        before = self.snapshot()
        with self.assertRaisesRegex(UserError, "already used for a payment without coupon"):
            self.pay(3000, coupon, "R-1")
        self.assertEqual(self.snapshot(), before)


@tagged("post_install", "-at_install")
class TestCouponTerms(CouponCase):

    def test_bad_terms_are_refused_at_creation(self):
        cases = [
            ({"discount_type": "percent", "discount_value": 101}, "at most 100 percent"),
            ({"discount_value": 0}, "above zero"),
            ({"discount_value": -500}, "above zero"),
            ({"discount_value": 1.5}, "whole number"),
            ({"min_amount": -1}, "cannot be negative"),
            ({"date_from": self.today, "date_to": self.today - timedelta(days=1)}, "cannot end before it starts"),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                self.coupon(**vals)
        self.assertFalse(self.Coupon.sudo().search([("partner_id", "=", self.customer.id)]))

    def test_codes_are_random_and_well_formed(self):
        coupons = self.Coupon.with_user(self.user_manager).create([{
            "name": "テスト", "partner_id": self.customer.id, "discount_value": 100,
            "date_to": self.today + timedelta(days=1)} for _index in range(50)]).sudo()
        codes = coupons.mapped("code")
        self.assertEqual(len(set(codes)), 50)
        for code in codes:
            self.assertRegex(code, r"^CP-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")
            self.assertEqual(normalize_code(code), code)

    def test_workflow_fields_are_not_writable(self):
        coupon = self.coupon()
        as_manager = coupon.with_user(self.user_manager)
        for vals in ({"state": "redeemed"}, {"partner_id": self.other_customer.id}, {"code": "CP-2222-2222-2222"},
                     {"redeemed_entry_id": self.card.entry_ids[:1].id}, {"discount_value": 900}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "cannot be changed"):
                as_manager.write(vals)
        with self.assertRaisesRegex(UserError, "set by the system"):
            self.coupon(state="redeemed")
        as_manager.write({"date_to": self.today + timedelta(days=60)})
        self.assertEqual(coupon.date_to, self.today + timedelta(days=60))
        self.pay(3000, coupon, "R-1")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            as_manager.write({"date_to": self.today + timedelta(days=90)})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            as_manager.unlink()


@tagged("post_install", "-at_install")
class TestCouponSecurity(CouponCase):

    def test_counter_redeems_only_through_the_payment(self):
        coupon = self.coupon()
        as_terminal = coupon.with_user(self.user_terminal)
        self.assertEqual(as_terminal.display_name, "ご来店感謝クーポン (¥\u00a0500 off)")
        with self.assertRaises(AccessError):
            as_terminal.read(["code"])
        with self.assertRaises(AccessError):
            as_terminal.write({"state": "redeemed"})
        with self.assertRaises(AccessError):
            as_terminal.write({"partner_id": self.other_customer.id})
        with self.assertRaises(AccessError):
            self.Coupon.with_user(self.user_terminal).create({
                "name": "x", "partner_id": self.customer.id, "discount_value": 100, "date_to": self.today})
        with self.assertRaises(AccessError):
            as_terminal.action_cancel()
        with self.assertRaises(AccessError):
            self.env["valuecard.coupon.issue.wizard"].with_user(self.user_terminal).create({
                "name": "x", "discount_value": 100})
        # the code is the manager's and the customer's: Smart CRM users read coupons, not their codes
        with self.assertRaises(AccessError):
            coupon.with_user(self.user_smart).read(["code"])
        self.assertEqual(coupon.with_user(self.user_manager).read(["code"])[0]["code"], coupon.code)

    def test_who_may_pay_with_a_coupon(self):
        coupon = self.coupon()
        for user in (self.user_smart, self.user_employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.card.with_user(user).pay_with_coupon(3000, coupon.code, "R-1")
        self.assertEqual(coupon.state, "valid")

    def test_companies_are_separated(self):
        company_b = self.env["res.company"].create({"name": "支店 株式会社", "currency_id": self.env.ref("base.JPY").id})
        coupon_b = self.Coupon.sudo().create({
            "name": "支店クーポン", "partner_id": self.customer.id, "company_id": company_b.id, "discount_value": 500,
            "date_to": self.today + timedelta(days=30)})
        self.assertFalse(self.Coupon.with_user(self.user_terminal).search([("id", "=", coupon_b.id)]))
        self.assertFalse(self.Coupon.with_user(self.user_manager).search([("id", "=", coupon_b.id)]))
        with self.assertRaisesRegex(UserError, "No coupon has the code"):
            self.pay(3000, coupon_b, "R-1")


@tagged("post_install", "-at_install")
class TestCouponIssue(CouponCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_card = cls.env["res.partner"].create({"name": "カード なし", "email": "nocard@example.jp"})
        cls.no_mail = cls.env["res.partner"].create({"name": "メール なし"})
        cls.Card.create({"program_id": cls.program.id, "partner_id": cls.no_mail.id})
        cls.Wizard = cls.env["valuecard.coupon.issue.wizard"].with_user(cls.user_manager)

    def wizard(self, **vals):
        partners = self.customer | self.other_customer | self.no_card | self.no_mail
        return self.Wizard.create({
            "name": "春の感謝クーポン", "discount_type": "fixed", "discount_value": 300, "min_amount": 1000,
            "partner_domain": str([("id", "in", partners.ids)]), **vals,
        })

    def test_issue_to_the_card_holders_of_a_filter_and_mail_them(self):
        wizard = self.wizard()
        self.assertEqual(wizard.partner_count, 3, "the customer without a card gets no coupon")
        mails_before = self.env["mail.mail"].sudo().search([]).ids
        action = wizard.action_issue()
        self.assertEqual(action["params"]["message"], "3 coupons issued, 2 sent by mail.")
        coupons = self.Coupon.sudo().search(action["params"]["next"]["domain"])
        self.assertEqual(coupons.partner_id, self.customer | self.other_customer | self.no_mail)
        self.assertEqual(set(coupons.mapped("discount_value")), {300})
        self.assertEqual(len(set(coupons.mapped("code"))), 3)
        self.assertEqual(coupons.filtered("mail_sent").partner_id, self.customer | self.other_customer)
        mails = self.env["mail.mail"].sudo().search([("id", "not in", mails_before)])
        self.assertEqual(len(mails), 2, "one queued mail per customer with an address, sent by the mail queue")
        for coupon in coupons.filtered("mail_sent"):
            mail = mails.filtered(lambda m, c=coupon: c.partner_id in m.recipient_ids)
            self.assertEqual(len(mail), 1)
            self.assertIn(coupon.code, mail.body_html)
            self.assertIn("春の感謝クーポン", mail.subject)
        # the mailed code pays
        mine = coupons.filtered(lambda c: c.partner_id == self.customer)
        self.assertEqual(self.pay(1000, mine, "R-1")["balance_paid"], 9300)

    def test_issue_to_nobody_is_refused(self):
        wizard = self.wizard(partner_domain=str([("id", "=", self.no_card.id)]))
        self.assertEqual(wizard.partner_count, 0)
        with self.assertRaisesRegex(UserError, "no coupon was issued"):
            wizard.action_issue()
        self.assertFalse(self.Coupon.sudo().search([("name", "=", "春の感謝クーポン")]))

    def test_bad_terms_issue_nothing(self):
        for vals, message in (({"discount_type": "percent", "discount_value": 120}, "at most 100 percent"),
                              ({"discount_value": 0}, "above zero")):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                self.wizard(**vals).action_issue()
        self.assertFalse(self.Coupon.sudo().search([("name", "=", "春の感謝クーポン")]))

    def test_only_managers_issue(self):
        with self.assertRaises(AccessError):
            self.env["valuecard.coupon.issue.wizard"].with_user(self.user_smart).create(
                {"name": "x", "discount_value": 100})
