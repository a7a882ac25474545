from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestSecurity(ValuecardCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card.charge(amount=3000, reference="R-1")
        cls.company_b = cls.env["res.company"].create({"name": "支店 株式会社", "currency_id": cls.env.ref("base.JPY").id})
        cls.program_b = cls.env["valuecard.program"].create({
            "name": "支店カード", "number_prefix": "BR", "company_id": cls.company_b.id})
        cls.card_b = cls.Card.create({"program_id": cls.program_b.id})
        cls.card_b.charge(amount=1000, reference="B-1")

    def test_terminal_runs_operations_only(self):
        card = self.card.with_user(self.user_terminal)
        self.assertEqual(card.env["valuecard.card"].lookup(self.card.number), card)
        res = card.pay(amount=500, reference="T-1", terminal="本店 レジ1")
        self.assertEqual(res["balance_paid"], 2600)
        card.earn_points(amount_spent=500, reference="T-1-P")
        card.refund(reference="T-1")
        self.assertTrue(card.entry_ids.read(["kind"]))
        for method in ("action_suspend", "action_report_lost", "action_close"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(card, method)()
        with self.assertRaises(AccessError):
            card.adjust(amount_paid=100, reason="x", reference="T-2")
        with self.assertRaises(AccessError):
            card.transfer_to(self.new_card())
        with self.assertRaises(AccessError):
            card.write({"partner_id": False})
        with self.assertRaises(AccessError):
            card.env["valuecard.rule"].create({"program_id": self.program.id, "name": "x", "min_amount": 1})
        with self.assertRaises(AccessError):
            card.check_integrity()
        new = card.env["valuecard.card"].create({"program_id": self.program.id, "partner_id": self.customer.id})
        self.assertEqual(new.state, "active", "the counter may issue a new card")

    def test_smart_user_reads_but_cannot_operate(self):
        card = self.card.with_user(self.user_smart)
        self.assertEqual(card.balance_paid, 3000)
        self.assertTrue(card.entry_ids.read(["hash"]))
        self.assertEqual(card.check_integrity([self.card.id]), [])
        self.assertEqual(card.check_integrity([]), [], "no card, nothing to check")
        with self.assertRaises(AccessError):
            card.charge(amount=1000, reference="U-1")

    def test_employee_without_group_sees_nothing(self):
        card = self.card.with_user(self.user_employee)
        with self.assertRaises(AccessError):
            card.read(["balance_paid"])
        with self.assertRaises(AccessError):
            card.pay(amount=1, reference="E-1")

    def test_portal_user_cannot_operate(self):
        portal = new_test_user(self.env, login="vc_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.card.with_user(portal).pay(amount=1, reference="X-1")

    def test_companies_are_separated(self):
        terminal_a = self.user_terminal
        Card = self.Card.with_user(terminal_a)
        self.assertNotIn(self.card_b, Card.search([]))
        with self.assertRaisesRegex(UserError, "No value card"):
            Card.lookup(self.card_b.number)
        with self.assertRaises(AccessError):
            self.card_b.with_user(terminal_a).pay(amount=100, reference="X-1")
        with self.assertRaises(AccessError):
            self.card.with_user(self.user_manager).transfer_to(self.card_b)
        self.assertFalse(self.env["valuecard.entry"].with_user(terminal_a).search([("card_id", "=", self.card_b.id)]))
        terminal_a.write({"company_ids": [(4, self.company_b.id)]})
        res = self.card_b.with_user(terminal_a).with_context(allowed_company_ids=[self.company_b.id]).pay(
            amount=100, reference="X-2")
        self.assertEqual(res["balance_paid"], 900)
        self.assertEqual(self.card_b.entry_ids.company_id, self.company_b)
