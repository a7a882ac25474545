import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestCardLimits(ValuecardCase):
    """A card's limits and dates are the manager's, and only tighten the company's."""

    def test_terminal_cannot_set_limits_or_dates(self):
        Card = self.Card.with_user(self.user_terminal)
        for vals, label in [
            ({"max_charge": 5_000_000}, "Maximum Charge"),
            ({"max_balance": 10_000_000}, "Maximum Balance"),
            ({"max_charge_per_day": 5_000_000}, "Maximum Charge per Day"),
            ({"issue_date": "2020-01-01"}, "Issue Date"),
            ({"expiry_date": "2099-12-31"}, "Expiry Date"),
        ]:
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, f"managers.*{label}"):
                Card.create({"program_id": self.program.id, **vals})
        card = Card.create({"program_id": self.program.id, "partner_id": self.customer.id})
        self.assertEqual((card.max_charge, card.max_balance, card.issue_date),
                         (0, 0, datetime.date.today()))
        with self.assertRaisesRegex(UserError, "¥\u00a0100,000"):
            card.charge(amount=5_000_000, reference="BIG-1")
        self.assertEqual(card.balance_total, 0)

    def test_manager_sets_limits_below_the_company(self):
        Card = self.Card.with_user(self.user_manager)
        card = Card.create({"program_id": self.program.id, "max_charge": 5000, "expiry_date": "2099-12-31"})
        self.assertEqual((card.max_charge, str(card.expiry_date)), (5000, "2099-12-31"))
        card.max_balance = 300000   # the company's limit itself
        with self.assertRaisesRegex(ValidationError, "above the company's limit of ¥\u00a0100,000:"):
            Card.create({"program_id": self.program.id, "max_charge": 5_000_000})
        with self.assertRaisesRegex(ValidationError, "above the company's limit of ¥\u00a0300,000:"):
            card.max_balance = 300001

    def test_company_limit_lowered_below_the_card_applies(self):
        card = self.new_card(max_charge=50000)
        self.company.valuecard_max_charge = 10000
        with self.assertRaisesRegex(UserError, "may not exceed ¥\u00a010,000\\."):
            card.charge(amount=20000, reference="LOW-1")
        self.assertEqual(card.charge(amount=10000, reference="LOW-2")["balance_paid"], 10000)
