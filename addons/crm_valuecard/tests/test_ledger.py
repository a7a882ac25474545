from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.valuecard_entry import REFUNDABLE_KINDS
from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestLedger(ValuecardCase):

    def test_charge_adds_paid_value_and_rule_bonus(self):
        res = self.card.charge(amount=1000, reference="R-1", terminal="本店 レジ1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"], res["points"]), (1000, 100, 0))
        self.assertFalse(res["replayed"])
        entries = self.Entry.browse(res["entry_ids"])
        self.assertEqual(entries.mapped("kind"), ["charge", "bonus"])
        self.assertEqual(entries.mapped("terminal"), ["本店 レジ1"] * 2)
        self.assertEqual(entries.operator_id, self.env.user)
        bonus_lot = entries[1].lot_id
        self.assertEqual(bonus_lot.expiry_date, fields.Date.context_today(self.card) + timedelta(days=180))
        self.assertFalse(entries[0].lot_id.expiry_date, "paid value of this program never expires")
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (1000, 100))
        self.assertIntegrity(self.card)

    def test_pay_spends_bonus_first_by_default(self):
        self.card.charge(amount=1000, reference="R-1")
        res = self.card.pay(amount=300, reference="P-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (800, 0))
        entries = self.Entry.browse(res["entry_ids"])
        self.assertEqual([(e.amount_bonus, e.amount_paid) for e in entries], [(-100, 0), (0, -200)])
        self.assertTrue(all(e.kind == "payment" for e in entries))
        self.assertIntegrity(self.card)

    def test_pay_paid_first_company_setting(self):
        self.company.valuecard_spend_order = "paid_first"
        self.program.bonus_validity_days = 0  # both never expire: only the setting decides
        self.card.charge(amount=1000, reference="R-1")
        res = self.card.pay(amount=300, reference="P-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (700, 100))

    def test_expiring_value_is_spent_first_whatever_the_setting(self):
        self.company.valuecard_spend_order = "paid_first"
        self.program.paid_validity_months = 12  # paid lots expire after bonus lots (180 days)
        self.card.charge(amount=1000, reference="R-1")
        res = self.card.pay(amount=150, reference="P-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (950, 0))
        # an older paid lot expiring sooner than a newer one goes first
        with freeze_time(fields.Date.today() + timedelta(days=40)):
            self.card.charge(amount=500, reference="R-2")
            res = self.card.pay(amount=1200, reference="P-2")
        lots = self.card.lot_ids.filtered(lambda lot: lot.bucket == "paid").sorted("id")
        self.assertEqual(lots.mapped("amount_remaining"), [0, 250])
        self.assertEqual(res["balance_paid"], 250)

    def test_same_reference_posts_once(self):
        first = self.card.charge(amount=1000, reference="R-1")
        again = self.card.charge(amount=1000, reference="R-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(first["entry_ids"], again["entry_ids"])
        self.assertEqual((again["balance_paid"], again["balance_bonus"]), (1000, 100))
        self.card.pay(amount=100, reference="P-1")
        replay = self.card.charge(amount=1000, reference="R-1")
        self.assertEqual((replay["balance_paid"], replay["balance_bonus"]), (1000, 100),
                         "a replay returns the first result, not today's balance")
        self.assertEqual(self.card.entry_count, 3)

    def test_reference_reused_for_another_operation_is_refused(self):
        self.card.charge(amount=1000, reference="R-1")
        with self.assertRaisesRegex(UserError, "already used"):
            self.card.pay(amount=100, reference="R-1")
        with self.assertRaisesRegex(UserError, "already used"):
            self.card.charge(amount=2000, reference="R-1")
        self.assertEqual(self.card.entry_count, 2)

    def test_same_reference_on_another_card_is_independent(self):
        other = self.new_card()
        self.card.charge(amount=1000, reference="R-1")
        res = other.charge(amount=1000, reference="R-1")
        self.assertFalse(res["replayed"])

    def test_builders_get_the_lots_loaded_under_the_lock(self):
        self.card.charge(amount=1000, reference="R-1")
        self.card.pay(amount=100, reference="P-1")  # uses up the bonus lot
        calls = []

        def build(card, lots):
            calls.append((card, lots, dict(card.env.context)))
            return []

        res = self.card.sudo()._post("LOOK-1", "look", None, build)
        [(card, lots, context)] = calls
        self.assertEqual(card, self.card)
        self.assertEqual(lots, self.card.lot_ids.filtered(lambda lot: lot.amount_remaining > 0))
        self.assertEqual(lots.mapped("amount_remaining"), [1000])
        self.assertFalse([key for key in context if key.startswith("valuecard_")],
                         "the lots come as an argument, not through the context")
        self.assertEqual((res["entry_ids"], res["balance_paid"]), ([], 1000))

    def test_refund_of_payment_restores_the_lots(self):
        self.card.charge(amount=1000, reference="R-1")
        self.card.pay(amount=300, reference="P-1")
        res = self.card.refund(reference="P-1")
        self.assertEqual(res["reference"], "refund:P-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (1000, 100))
        self.assertEqual(self.card.lot_ids.sorted("id").mapped("amount_remaining"), [1000, 100])
        refunds = self.Entry.browse(res["entry_ids"])
        self.assertEqual(set(refunds.mapped("kind")), {"refund"})
        self.assertEqual(set(refunds.reversed_entry_id.mapped("reference")), {"P-1"})
        self.assertTrue(self.card.refund(reference="P-1")["replayed"])
        self.assertIntegrity(self.card)

    def test_refund_of_charge(self):
        self.card.charge(amount=1000, reference="R-1")
        res = self.card.refund(reference="R-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (0, 0))
        self.assertIntegrity(self.card)

    def test_refund_of_a_reference_of_64_characters(self):
        reference = "R-" + "9" * 62
        self.card.charge(amount=1000, reference=reference)
        res = self.card.refund(reference=reference)
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (0, 0))
        self.assertEqual(len(res["reference"]), 64)
        self.assertTrue(res["reference"].startswith("refund:R-999"))
        again = self.card.refund(reference=reference)
        self.assertTrue(again["replayed"], "a retried refund posts once")
        self.assertEqual(again["entry_ids"], res["entry_ids"])
        # a reference with the same beginning has a refund of its own
        other = reference[:-1] + "8"
        self.card.charge(amount=500, reference=other)
        res_other = self.card.refund(reference=other)
        self.assertFalse(res_other["replayed"])
        self.assertNotEqual(res_other["reference"], res["reference"])
        # up to 57 characters, the refund reference is the plain prefixed one
        short = "S" * 57
        self.card.charge(amount=500, reference=short)
        self.assertEqual(self.card.refund(reference=short)["reference"], "refund:" + short)
        self.assertIntegrity(self.card)

    def test_refund_of_spent_charge_is_refused(self):
        self.card.charge(amount=1000, reference="R-1")
        self.card.pay(amount=500, reference="P-1")
        with self.assertRaisesRegex(UserError, "enough value"):
            self.card.refund(reference="R-1")
        self.assertEqual(self.card.entry_count, 4)

    def test_refund_unknown_reference(self):
        with self.assertRaisesRegex(UserError, "no operation with reference"):
            self.card.refund(reference="NOPE")
        self.card.charge(amount=1000, reference="R-1")
        self.card.refund(reference="R-1")
        with self.assertRaisesRegex(UserError, "kept for the postings of the system"):
            self.card.refund(reference="refund:R-1")

    def test_refund_counter_and_dialog_share_the_refundable_kinds(self):
        card = self.card
        card.charge(amount=1000, reference="K-1")
        card.pay(amount=100, reference="K-2")
        card.earn_points(amount_spent=1000, reference="K-3")
        card.redeem_points(points=2, reference="K-4")
        card.convert_points(points=2, reference="K-5")
        card.with_user(self.user_manager).adjust(amount_bonus=10, reason="訂正", reference="K-6")
        kinds = {entry.reference: entry.kind for entry in card.entry_ids.sorted("sequence", reverse=True)}
        self.assertEqual(kinds, {"K-1": "charge", "K-2": "payment", "K-3": "points_earned",
                                 "K-4": "points_redeemed", "K-5": "conversion", "K-6": "adjustment"})
        # the counter screen marks as refundable the entries of these kinds...
        flags = {(entry["kind"], entry["refundable"]) for entry in card.counter_card_info()["entries"]}
        self.assertEqual(flags, {(kind, True) for kind in REFUNDABLE_KINDS} | {("bonus", False),
                                                                                  ("adjustment", False)})
        # ...the operation dialog offers them...
        Wizard = self.env["valuecard.operation.wizard"]
        domain = safe_eval(Wizard._fields["refund_entry_id"].domain, {"card_id": card.id})
        self.assertEqual(set(self.Entry.search(domain).mapped("kind")), set(REFUNDABLE_KINDS))
        # ...and the refund reverses them, and nothing else
        with self.assertRaisesRegex(UserError, "cannot be refunded"):
            card.refund(reference="K-6")
        for reference in ("K-5", "K-4", "K-3", "K-2", "K-1"):
            self.assertTrue(card.refund(reference=reference)["entry_ids"])
        self.assertEqual((card.balance_paid, card.balance_bonus, card.points), (0, 10, 0))
        self.assertIntegrity(card)

    def test_points_earn_redeem_convert(self):
        res = self.card.earn_points(amount_spent=1280, reference="S-1")
        self.assertEqual(res["points"], 12)
        res = self.card.earn_points(amount_spent=99, reference="S-2")
        self.assertEqual((res["points"], res["entry_ids"]), (12, []), "less than a point earns nothing")
        res = self.card.redeem_points(points=2, reference="S-3")
        self.assertEqual(res["points"], 10)
        self.program.point_value = 2
        res = self.card.convert_points(points=10, reference="S-4")
        self.assertEqual((res["points"], res["balance_bonus"]), (0, 20))
        kinds = self.Entry.browse(res["entry_ids"]).mapped("kind")
        self.assertEqual(kinds, ["conversion", "conversion"])
        with self.assertRaisesRegex(UserError, "0 points"):
            self.card.redeem_points(points=1, reference="S-5")
        self.card.refund(reference="S-4")
        self.assertEqual((self.card.points, self.card.balance_bonus), (10, 0))
        self.assertIntegrity(self.card)

    def test_bad_amounts_are_refused_and_write_nothing(self):
        for amount in (0, -100, 100.5, "1000", None, True, float("nan")):
            with self.subTest(amount=amount), self.assertRaises(UserError):
                self.card.charge(amount=amount, reference="BAD")
        self.card.charge(amount=1000.0, reference="R-1")  # a whole float from JSON is fine
        for amount in (0, -1, 0.5):
            with self.subTest(amount=amount), self.assertRaises(UserError):
                self.card.pay(amount=amount, reference="BAD")
        with self.assertRaisesRegex(UserError, "reference"):
            self.card.charge(amount=1000, reference="  ")
        with self.assertRaisesRegex(UserError, "reference"):
            self.card.charge(amount=1000, reference=None)
        with self.assertRaises(UserError):
            self.card.redeem_points(points=1.5, reference="BAD")
        self.assertEqual(self.card.entry_count, 2)

    def test_insufficient_balance(self):
        self.card.charge(amount=1000, reference="R-1")
        with self.assertRaisesRegex(UserError, "¥\u00a01,100 available"):
            self.card.pay(amount=1101, reference="P-1")
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus, self.card.entry_count), (1000, 100, 2))
        self.card.pay(amount=1100, reference="P-2")
        self.assertEqual(self.card.balance_total, 0)

    def test_refused_on_cards_not_active(self):
        self.card.charge(amount=1000, reference="R-1")
        self.card.action_suspend()
        with self.assertRaisesRegex(UserError, "Suspended"):
            self.card.pay(amount=100, reference="P-1")
        self.card.action_reactivate()
        self.card.action_report_lost()
        with self.assertRaisesRegex(UserError, "Lost"):
            self.card.charge(amount=100, reference="R-2")
        expired = self.new_card(expiry_date=fields.Date.today() - timedelta(days=1))
        with self.assertRaisesRegex(UserError, "expired"):
            expired.charge(amount=1000, reference="R-1")
        self.assertEqual(self.card.entry_count, 2)

    def test_limits(self):
        self.card.max_charge = 5000
        with self.assertRaisesRegex(UserError, "may not exceed ¥\u00a05,000\\."):
            self.card.charge(amount=5001, reference="R-1")
        self.card.max_charge = 0  # company default: 100,000
        with self.assertRaisesRegex(UserError, "may not exceed ¥\u00a0100,000\\."):
            self.card.charge(amount=100001, reference="R-1")
        self.card.max_charge_per_day = 3000
        self.card.charge(amount=2000, reference="R-2")
        with self.assertRaisesRegex(UserError, "at most ¥\u00a03,000 a day; ¥\u00a02,000 were charged today"):
            self.card.charge(amount=1001, reference="R-3")
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            self.card.charge(amount=1000, reference="R-4")
        self.card.max_charge_per_day = 0
        self.card.max_balance = 3500
        with self.assertRaisesRegex(UserError, "at most ¥\u00a03,500\\."):
            self.card.charge(amount=301, reference="R-5")  # 3,200 + 301 > 3,500
        self.assertEqual(self.card.balance_total, 3200)
        self.company.valuecard_max_balance = 1000
        other = self.new_card()
        with self.assertRaisesRegex(UserError, "at most ¥\u00a01,000\\."):
            other.charge(amount=1000, reference="R-1")  # 1,000 + 100 bonus

    def test_adjust_needs_manager_and_reason(self):
        self.card.charge(amount=1000, reference="R-1")
        manager_card = self.card.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, "reason"):
            manager_card.adjust(amount_paid=-100, reason=" ", reference="A-1")
        res = manager_card.adjust(amount_paid=-100, amount_bonus=50, points=5, reason="レジ誤操作の訂正",
                                  reference="A-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"], res["points"]), (900, 150, 5))
        entries = self.Entry.browse(res["entry_ids"])
        self.assertEqual(set(entries.mapped("reason")), {"レジ誤操作の訂正"})
        self.assertEqual(entries.operator_id, self.user_manager)
        lots = self.env["valuecard.lot"].search_count([])
        with self.assertRaisesRegex(UserError, "enough value"):
            manager_card.adjust(amount_paid=-901, amount_bonus=10, reason="x", reference="A-2")
        self.assertEqual(self.env["valuecard.lot"].search_count([]), lots, "a refused operation writes nothing")
        with self.assertRaises(UserError):
            manager_card.adjust(amount_paid=0.5, reason="x", reference="A-3")
        self.assertIntegrity(self.card)

    def test_expiry_cron(self):
        self.card.charge(amount=1000, reference="R-1")
        self.card.earn_points(amount_spent=500, reference="S-1")
        with freeze_time(fields.Date.today() + timedelta(days=181)):
            with self.assertRaisesRegex(UserError, "¥\u00a01,000 available"):
                self.card.pay(amount=1001, reference="P-1")  # the expired bonus cannot be spent
            self.Card._cron_expire()
            self.assertEqual((self.card.balance_paid, self.card.balance_bonus, self.card.points), (1000, 0, 5))
            expiry = self.card.entry_ids.filtered(lambda e: e.kind == "expiry")
            self.assertEqual(expiry.amount_bonus, -100)
            count = self.card.entry_count
            self.Card._cron_expire()
            self.assertEqual(self.card.entry_count, count, "nothing left to expire")
        with freeze_time(fields.Date.today() + timedelta(days=400)):
            self.Card._cron_expire()
            self.assertEqual(self.card.points, 0)
        self.assertIntegrity(self.card)

    def test_expiry_of_cards(self):
        card = self.new_card(expiry_date=fields.Date.today() + timedelta(days=10))
        card.charge(amount=1000, reference="R-1")
        self.assertEqual(card.lot_ids.mapped("expiry_date"), [card.expiry_date] * 2,
                         "value never outlives its card")
        with freeze_time(fields.Date.today() + timedelta(days=11)):
            self.Card._cron_expire()
        self.assertEqual((card.state, card.balance_total), ("expired", 0))
        self.assertIntegrity(card)

    def test_payment_query_count(self):
        """The posting path stays a handful of queries: the hot path of the counter."""
        card = self.card.with_user(self.user_terminal)
        card.charge(amount=10000, reference="R-1")
        card.pay(amount=10, reference="P-0")
        # access check; lock with replay check, card and lots; one statement writing entry, lot, card
        # and the customer's summary
        with self.assertQueryCount(3):
            card.pay(amount=10, reference="P-1")
            self.env.flush_all()
        with self.assertQueryCount(2):
            card.pay(amount=10, reference="P-1")  # replay

    def test_company_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.valuecard_spend_order = "paid_first"
        settings.valuecard_max_charge = 50000
        settings.save().execute()
        self.assertEqual((self.company.valuecard_spend_order, self.company.valuecard_max_charge),
                         ("paid_first", 50000))
        with self.assertRaisesRegex(UserError, "may not exceed ¥\u00a050,000\\."):
            self.card.charge(amount=50001, reference="R-1")
