from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ValuecardHistoryCase


@tagged("post_install", "-at_install")
class TestVisitPoints(ValuecardHistoryCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit_rule = cls.env["valuecard.rule"].create({
            "program_id": cls.program.id, "name": "来店ポイント", "kind": "visit", "min_amount": 500,
            "visit_points": 10, "visit_max_per_day": 2,
        })

    def visit_entries(self):
        return self.Entry.search([("card_id", "=", self.card.id), ("reference", "like", "visit:")],
                                 order="sequence")

    def test_points_per_visit_at_most_n_a_day(self):
        card = self.card.with_user(self.user_terminal)
        for number in range(3):
            card.pay(600, f"R-{number}")
        card.pay(600, "R-0")  # replay
        card.pay(100, "R-small")  # below the rule's minimum
        entries = self.visit_entries()
        self.assertEqual(len(self.card_visits()), 4)
        self.assertEqual(entries.mapped("reference"), ["visit:R-0", "visit:R-1"])
        self.assertEqual(entries.mapped("points"), [10, 10])
        self.assertEqual(set(entries.mapped("kind")), {"points_earned"})
        self.assertEqual(self.card.points, 20)
        self.assertIntegrity(self.card)

    def test_visit_rule_is_no_charge_bonus(self):
        self.visit_rule.min_amount = 1
        result = self.card.charge(5000, "C-5")
        # the charge rule's ¥100, not the visit rule
        self.assertEqual(result["balance_bonus"], 200)

    def test_refund_takes_back_unspent_visit_points(self):
        card = self.card.with_user(self.user_terminal)
        card.pay(600, "R-1")
        self.assertEqual(self.card.points, 10)
        card.refund("R-1")
        self.assertEqual(self.card.points, 0)
        self.assertEqual(self.visit_entries().mapped("kind"), ["points_earned", "refund"])
        # spent points stay spent: the refund of the payment still goes through
        card.pay(600, "R-2")
        card.redeem_points(10, "P-1")
        card.refund("R-2")
        self.assertEqual(self.card_visits().mapped("state"), ["reversed", "reversed"])
        self.assertEqual(self.card.points, 0)
        self.assertIntegrity(self.card)

    def test_visit_rule_needs_points(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["valuecard.rule"].create({"program_id": self.program.id, "name": "0", "kind": "visit",
                                               "min_amount": 1, "visit_points": 0})
