from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestChargeRules(ValuecardCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["valuecard.rule"]
        cls.rule_5000 = Rule.create({"program_id": cls.program.id, "name": "5,000円で700円",
                                     "min_amount": 5000, "bonus_fixed": 700})
        cls.rule_10pct = Rule.create({"program_id": cls.program.id, "name": "1万円以上で10%",
                                      "min_amount": 10000, "bonus_percent": 10})

    def bonus_for(self, amount, reference):
        return self.new_card().charge(amount=amount, reference=reference)["balance_bonus"]

    def test_tiers_and_percentages(self):
        self.assertEqual(self.bonus_for(999, "A"), 0)
        self.assertEqual(self.bonus_for(1000, "B"), 100)
        self.assertEqual(self.bonus_for(4999, "C"), 100)
        self.assertEqual(self.bonus_for(5000, "D"), 700)
        self.assertEqual(self.bonus_for(10000, "E"), 1000, "the best rule wins: 10% beats 700 yen")
        self.assertEqual(self.bonus_for(12345, "F"), 1234, "percentages are rounded down to the yen")

    def test_fixed_plus_percent(self):
        self.rule_10pct.bonus_fixed = 200
        self.assertEqual(self.bonus_for(10000, "A"), 1200)

    def test_validity_window_and_archived_rules(self):
        today = fields.Date.today()
        self.rule_5000.write({"date_from": today + timedelta(days=1)})
        self.assertEqual(self.bonus_for(5000, "A"), 100, "not started yet")
        self.rule_5000.write({"date_from": today - timedelta(days=10), "date_to": today - timedelta(days=1)})
        self.assertEqual(self.bonus_for(5000, "B"), 100, "ended")
        self.rule_5000.write({"date_to": today})
        self.assertEqual(self.bonus_for(5000, "C"), 700, "the last day still counts")
        self.rule_5000.active = False
        self.assertEqual(self.bonus_for(5000, "D"), 100)

    def test_rule_of_another_program_does_not_apply(self):
        other = self.program.copy({"number_prefix": "OT"})
        self.env["valuecard.rule"].create({"program_id": other.id, "name": "x", "min_amount": 1, "bonus_fixed": 999})
        self.assertEqual(self.bonus_for(1000, "A"), 100)

    def test_invalid_rules(self):
        Rule = self.env["valuecard.rule"]
        with self.assertRaises(ValidationError):
            Rule.create({"program_id": self.program.id, "name": "x", "min_amount": 1000, "bonus_fixed": 10.5})
        for vals in ({"min_amount": 0}, {"bonus_percent": 101}, {"bonus_fixed": -1},
                     {"date_from": "2026-02-01", "date_to": "2026-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(IntegrityError), self.cr.savepoint(), \
                    mute_logger("odoo.sql_db"):
                Rule.create({"program_id": self.program.id, "name": "x", "min_amount": 1000, **vals})
