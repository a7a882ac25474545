from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestLedger(ValuecardCase):

    def test_charge_then_pay(self):
        res = self.card.charge(amount=1000, reference="R-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"], res["points"]), (1000, 100, 0))
        self.assertEqual(len(res["entry_ids"]), 2)
        self.assertFalse(res["replayed"])
        res = self.card.pay(amount=300, reference="P-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (800, 0))
        self.assertIntegrity(self.card)

    def test_replay(self):
        first = self.card.charge(amount=1000, reference="R-1")
        again = self.card.charge(amount=1000, reference="R-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(first["entry_ids"], again["entry_ids"])
        with self.assertRaises(UserError):
            self.card.pay(amount=100, reference="R-1")
