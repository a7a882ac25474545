from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.valuecard_card import luhn_digit
from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestCardLife(ValuecardCase):

    def test_numbers_have_prefix_and_luhn_check_digit(self):
        self.assertEqual(luhn_digit("7992739871"), "3")  # the textbook example
        number = self.card.number
        self.assertRegex(number, r"^TS\d{12}$")
        self.assertEqual(luhn_digit(number[2:-1]), number[-1])
        self.assertNotEqual(self.new_card().number, number)

    def test_manual_number_is_validated(self):
        body = "12345678901"
        good = f"TS{body}{luhn_digit(body)}"
        card = self.new_card(number=good.lower())
        self.assertEqual(card.number, good)
        wrong = f"TS{body}{(int(luhn_digit(body)) + 1) % 10}"
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.new_card(number=wrong)
        with self.assertRaisesRegex(ValidationError, "followed by digits"):
            self.new_card(number=f"XX{body}{luhn_digit(body)}")
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.new_card(number=good)  # unique per company

    def test_lookup_by_number_and_member_token(self):
        number = self.card.number
        spaced = f"{number[:6]} {number[6:10]}-{number[10:]}".lower()
        self.assertEqual(self.Card.lookup(spaced), self.card)
        broken = number[:-1] + str((int(number[-1]) + 1) % 10)
        with self.assertRaisesRegex(UserError, "check digit"):
            self.Card.lookup(broken)
        token = self.card._get_member_token()
        self.assertNotIn(number, token, "the QR carries a signed token, not the bare number")
        self.assertEqual(self.Card.lookup(token), self.card)
        forged = token[:-1] + ("0" if token[-1] != "0" else "1")
        with self.assertRaisesRegex(UserError, "No value card"):
            self.Card.lookup(forged)
        other = self.new_card()
        with self.assertRaisesRegex(UserError, "No value card"):
            self.Card.lookup(token.replace(f"-{self.card.id}-", f"-{other.id}-"))
        with self.assertRaisesRegex(UserError, "Enter or scan"):
            self.Card.lookup("  ")
        with self.assertRaisesRegex(UserError, "not a card number"):
            self.Card.lookup("hello")

    def test_balances_and_states_cannot_be_written(self):
        for vals in ({"balance_paid": 1000}, {"points": 5}, {"state": "closed"}, {"ledger_hash": "x"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "operations only"):
                self.card.write(vals)
        with self.assertRaisesRegex(UserError, "operations only"):
            self.new_card(balance_bonus=500)
        with self.assertRaisesRegex(UserError, "by the ledger only"):
            self.card.lot_ids.create({"card_id": self.card.id, "company_id": self.company.id, "bucket": "paid",
                                      "amount_initial": 5, "amount_remaining": 5})
        self.card.charge(amount=1000, reference="R-1")
        with self.assertRaisesRegex(UserError, "by the ledger only"):
            self.card.lot_ids.write({"amount_remaining": 0})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.card.unlink()
        with self.assertRaisesRegex(UserError, "in use cannot be changed"):
            self.card.number = self.new_card().number

    def test_suspend_reactivate_lost(self):
        self.card.action_suspend()
        self.assertEqual(self.card.state, "suspended")
        with self.assertRaises(UserError):
            self.card.action_suspend()
        self.card.action_reactivate()
        self.card.action_report_lost()
        self.assertEqual(self.card.state, "lost")
        self.card.action_reactivate()
        self.assertEqual(self.card.state, "active")

    def test_transfer_moves_every_lot(self):
        self.card.charge(amount=5000, reference="R-1")
        self.card.earn_points(amount_spent=5000, reference="S-1")
        self.card.pay(amount=600, reference="P-1")
        self.card.action_report_lost()
        expected = sorted((lot.bucket, lot.amount_remaining, str(lot.expiry_date))
                          for lot in self.card.lot_ids if lot.amount_remaining)
        new_card = self.new_card()
        res = self.card.transfer_to(new_card)
        self.assertEqual((res["balance_paid"], res["balance_bonus"], res["points"]), (0, 0, 0))
        self.assertEqual((res["new_card_balance_paid"], res["new_card_balance_bonus"], res["new_card_points"]),
                         (4500, 0, 50))
        self.assertEqual((self.card.state, self.card.replaced_by_id, new_card.replaces_id),
                         ("closed", new_card, self.card))
        self.assertFalse(self.card.lot_ids.filtered("amount_remaining"))
        self.assertEqual(sorted((lot.bucket, lot.amount_remaining, str(lot.expiry_date)) for lot in new_card.lot_ids),
                         expected, "every lot moves with its expiry date")
        self.assertEqual(set(new_card.entry_ids.mapped("kind")), {"transfer"})
        with self.assertRaisesRegex(UserError, "Closed"):
            self.card.pay(amount=1, reference="P-2")
        with self.assertRaisesRegex(UserError, "replaced"):
            self.card.action_reactivate()
        with self.assertRaisesRegex(UserError, "cannot be transferred"):
            self.card.transfer_to(self.new_card())
        self.assertIntegrity(self.card | new_card)

    def test_transfer_refusals(self):
        with self.assertRaisesRegex(UserError, "itself"):
            self.card.transfer_to(self.card)
        other_program = self.program.copy({"number_prefix": "OT"})
        with self.assertRaisesRegex(UserError, "same program"):
            self.card.transfer_to(self.Card.create({"program_id": other_program.id}))
        blocked = self.new_card()
        blocked.action_suspend()
        with self.assertRaisesRegex(UserError, "not active"):
            self.card.transfer_to(blocked)

    def test_transfer_wizard_issues_the_new_card(self):
        self.card.charge(amount=1000, reference="R-1")
        wizard = Form(self.env["valuecard.transfer.wizard"].with_context(default_card_id=self.card.id)).save()
        action = wizard.action_transfer()
        new_card = self.Card.browse(action["res_id"])
        self.assertEqual((new_card.partner_id, new_card.balance_paid, new_card.balance_bonus),
                         (self.customer, 1000, 100))

    def test_close(self):
        self.card.charge(amount=1000, reference="R-1")
        self.card.earn_points(amount_spent=1000, reference="S-1")
        with self.assertRaisesRegex(UserError, "still holds ¥\u00a01,100:"):
            self.card.action_close()
        self.card.pay(amount=1100, reference="P-1")
        self.card.action_close()
        self.assertEqual((self.card.state, self.card.points), ("closed", 0))
        self.assertIn("expiry", self.card.entry_ids.mapped("kind"))
        with self.assertRaisesRegex(UserError, "already closed"):
            self.card.action_close()
        self.assertIntegrity(self.card)

    def test_operation_wizard(self):
        Wizard = self.env["valuecard.operation.wizard"].with_user(self.user_terminal)
        card = self.card.with_user(self.user_terminal)
        action = card.with_context(operation="charge").action_open_operation()
        form = Form(Wizard.with_context(**action["context"]))
        self.assertEqual(form.operation, "charge")
        form.amount = 3000
        wizard = form.save()
        wizard.action_apply()
        wizard.action_apply()  # pressed twice: same reference, posted once
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (3000, 100))
        charge_entry = self.card.entry_ids.filtered(lambda e: e.kind == "charge")
        form = Form(Wizard.with_context(default_card_id=self.card.id, operation="pay"))
        form.amount = 500
        form.terminal = "駅前店 レジ2"
        form.save().action_apply()
        form = Form(Wizard.with_context(default_card_id=self.card.id, operation="refund"))
        form.refund_entry_id = self.card.entry_ids.filtered(lambda e: e.kind == "payment")[:1]
        form.save().action_apply()
        self.assertEqual((self.card.balance_paid, self.card.balance_bonus), (3000, 100))
        form = Form(Wizard.with_context(default_card_id=self.card.id, operation="adjust"))
        form.amount_paid = -100
        form.reason = "誤チャージ"
        with self.assertRaises(AccessError):
            form.save().action_apply()
        self.assertTrue(charge_entry)

    def test_customer_smart_button(self):
        self.card.charge(amount=5000, reference="R-1")
        other = self.new_card()
        other.charge(amount=1000, reference="R-2")
        customer = self.customer.with_user(self.user_smart)
        # two cards: ¥6,000 paid and ¥200 bonus (the ¥1,000 → ¥100 rule, twice)
        self.assertEqual((customer.valuecard_card_count, customer.valuecard_balance), (2, 6200))
        action = customer.action_view_valuecards()
        self.assertEqual(self.Card.search(action["domain"]), self.card | other)
        self.assertEqual(self.customer.with_user(self.user_employee).valuecard_card_count, 0)

    def test_lots_keep_yen_and_points_apart(self):
        self.card.charge(amount=1000, reference="L-1")  # ¥1,000 paid + ¥100 bonus
        self.card.earn_points(amount_spent=500, reference="L-2")  # 5 points
        lots = self.card.lot_ids
        self.assertEqual(sum(lots.mapped("amount_remaining")), 1105, "the raw amounts mix yen and points")
        self.assertEqual(sum(lots.mapped("value_remaining")), 1100)
        self.assertEqual(sum(lots.mapped("points_remaining")), 5)
        arch = self.env["valuecard.lot"].get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="value_remaining" sum=', arch)
        self.assertIn('name="points_remaining" sum=', arch)
        self.assertNotIn('name="amount_remaining" sum=', arch, "no total adds yen to points")
