from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools import MAX_AMOUNT
from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestReservedReferences(ValuecardCase):
    """References of the system's own postings are not the clients'."""

    def test_public_operations_refuse_system_references(self):
        card = self.card.with_user(self.user_terminal)
        card.charge(amount=1000, reference="R-1")
        today = fields.Date.today()
        for reference in (f"expiry:{today}", "campaign:1", "close:1", "transfer:A>B", "refund:R-1", "Expiry:x"):
            with self.subTest(reference=reference):
                with self.assertRaisesRegex(UserError, "kept for the postings of the system"):
                    card.charge(amount=100, reference=reference)
                with self.assertRaisesRegex(UserError, "kept for the postings of the system"):
                    card.pay(amount=100, reference=reference)
                with self.assertRaisesRegex(UserError, "kept for the postings of the system"):
                    card.earn_points(amount_spent=100, reference=reference)
        self.assertEqual(self.card.entry_count, 2)
        # the refund of R-1 still posts as refund:R-1
        self.assertEqual(card.refund(reference="R-1")["reference"], "refund:R-1")

    def _plant(self, card, reference):
        """A client posting under a system reference, as one could before it was reserved."""
        card.sudo()._post(reference, "charge:100", None, lambda locked, lots: locked._build_charge(100))

    def test_one_bad_card_does_not_stop_the_expiry_job(self):
        bad, good = self.new_card(), self.new_card()
        bad.charge(amount=1000, reference="R-1")
        good.charge(amount=1000, reference="R-1")
        day = fields.Date.today() + timedelta(days=181)
        self._plant(bad, f"expiry:{day}")
        with freeze_time(day), mute_logger("odoo.addons.crm_valuecard.models.valuecard_card_ledger"):
            self.Card._cron_expire()
        self.assertEqual((good.balance_paid, good.balance_bonus), (1000, 0), "the good card's bonus expired")
        self.assertEqual(bad.balance_bonus, 100, "the planted card keeps its bonus until it is repaired")
        self.assertIntegrity(bad | good)

    def test_one_bad_card_does_not_stop_a_campaign(self):
        bad, good = self.new_card(), self.new_card()
        campaign = self.env["valuecard.campaign"].create({
            "program_id": self.program.id, "name": "周年記念", "points": 20,
            "domain": f"[('id', 'in', {[bad.id, good.id]})]"})
        self._plant(bad, f"campaign:{campaign.id}")
        with mute_logger("odoo.addons.crm_valuecard.models.valuecard_campaign"):
            campaign.action_grant()
        self.assertEqual((campaign.state, good.points, bad.points), ("done", 20, 0))
        self.assertTrue(any(bad.number in message.body for message in campaign.message_ids))
        self.assertIntegrity(bad | good)


@tagged("post_install", "-at_install")
class TestBounds(ValuecardCase):
    """Points and lot amounts are 32-bit: every value is bounded well inside."""

    def test_amounts_and_points_are_bounded(self):
        self.company.write({"valuecard_max_balance": 0, "valuecard_max_charge": 0, "valuecard_max_charge_per_day": 0})
        card = self.card.with_user(self.user_terminal)
        for value in (1e12, 214_748_364_700, MAX_AMOUNT + 1):
            with self.subTest(value=value):
                with self.assertRaisesRegex(UserError, "at most 1,000,000,000"):
                    card.earn_points(amount_spent=value, reference="E-1")
                with self.assertRaisesRegex(UserError, "at most 1,000,000,000"):
                    card.charge(amount=value, reference="C-1")
                with self.assertRaisesRegex(UserError, "at most 1,000,000,000"):
                    card.redeem_points(points=value, reference="P-1")
        self.assertEqual(self.card.entry_count, 0)
        # the balances stay inside the bound too
        card.charge(amount=MAX_AMOUNT, reference="C-2")
        card.charge(amount=MAX_AMOUNT - 100, reference="C-3")
        with self.assertRaisesRegex(UserError, "at most 2,000,000,000 yen or points"):
            card.charge(amount=1000, reference="C-4")
        self.assertEqual(self.card.balance_total, 2 * MAX_AMOUNT + 100)  # and 100 yen bonus each time
        self.assertIntegrity(self.card)

    def test_campaign_and_card_settings_are_bounded(self):
        with self.assertRaisesRegex(ValidationError, "at most 1,000,000,000"):
            self.env["valuecard.campaign"].create({
                "program_id": self.program.id, "name": "x", "points": 214_748_364_700})
        with self.assertRaisesRegex(ValidationError, "at most 1,000,000,000"):
            self.new_card(max_charge=1e12)


@tagged("post_install", "-at_install")
class TestOperationInput(ValuecardCase):

    def test_terminal_name_is_bounded(self):
        card = self.card.with_user(self.user_terminal)
        with self.assertRaisesRegex(UserError, "at most 64 characters"):
            card.charge(amount=1000, reference="R-1", terminal="x" * 100_000)
        self.assertEqual(card.charge(amount=1000, reference="R-1", terminal="x" * 64)["balance_paid"], 1000)

    def test_one_card_at_a_time(self):
        cards = (self.card | self.new_card()).with_user(self.user_terminal)
        cards[0].charge(amount=1000, reference="R-1")
        cards[1].charge(amount=1000, reference="R-1")
        for operation in (lambda: cards.pay(amount=100, reference="P-1"),
                          lambda: cards.charge(amount=100, reference="P-1"),
                          lambda: cards.refund(reference="R-1"),
                          lambda: cards.browse().pay(amount=100, reference="P-1")):
            with self.assertRaisesRegex(UserError, "one card at a time"):
                operation()
        self.assertEqual(cards.mapped("balance_paid"), [1000, 1000])
