from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


class ValuecardCase(SmartCrmCase):
    """A program with a ¥1,000 → ¥100 rule, a terminal user and a card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({
            "valuecard_spend_order": "bonus_first",
            "valuecard_max_balance": 300000,
            "valuecard_max_charge": 100000,
            "valuecard_max_charge_per_day": 200000,
        })
        # the test users (and the superuser, see SmartCrmCase) have no time zone: their
        # cards' day is the company's, here the UTC day of fields.Date.today()
        # (test_ledger_day covers the zones)
        cls.company.partner_id.tz = "UTC"
        cls.user_terminal = new_test_user(cls.env, login="vc_terminal", name="Counter Ito",
                                          groups="crm_valuecard.group_valuecard_terminal")
        cls.program = cls.env["valuecard.program"].create({
            "name": "テスト カード",
            "number_prefix": "TS",
            "paid_validity_months": 0,
            "bonus_validity_days": 180,
            "points_validity_days": 365,
            "point_rate_amount": 100,
            "point_value": 1,
        })
        cls.rule = cls.env["valuecard.rule"].create({
            "program_id": cls.program.id, "name": "1,000円チャージで100円プレゼント",
            "min_amount": 1000, "bonus_fixed": 100,
        })
        cls.Card = cls.env["valuecard.card"]
        cls.Entry = cls.env["valuecard.entry"]
        cls.card = cls.Card.create({"program_id": cls.program.id, "partner_id": cls.customer.id})

    def new_card(self, **vals):
        return self.Card.create({"program_id": self.program.id, "partner_id": self.customer.id, **vals})

    def assertIntegrity(self, cards=None):
        problems = self.Card.check_integrity(cards.ids if cards else None)
        self.assertEqual(problems, [], "ledger check found problems")

    def sql(self, query, *args):
        """Run ``query`` as someone with database access would, past the ORM."""
        self.env.flush_all()
        self.cr.execute(SQL(query, *args))
        self.env.invalidate_all()

    def unlock_ledger(self):
        # what an attacker with database access would do first
        self.sql("ALTER TABLE valuecard_entry DISABLE TRIGGER valuecard_entry_immutable")
