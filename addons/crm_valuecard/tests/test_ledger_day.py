from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestLedgerDay(ValuecardCase):
    """The day of a card operation: the user's zone, else the company's, else Japan's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = False
        cls.company.partner_id.tz = False
        cls.card.max_charge_per_day = 3000

    def test_daily_limit_counts_the_japanese_day_without_any_zone(self):
        with freeze_time("2025-06-10 14:00:00"):      # 23:00 on June 10 in Tokyo
            self.card.charge(amount=2000, reference="D-1")
        with freeze_time("2025-06-10 16:00:00"):      # 01:00 on June 11 in Tokyo: a new day
            res = self.card.charge(amount=2000, reference="D-2")
        bonus = self.Entry.browse(res["entry_ids"]).filtered(lambda e: e.kind == "bonus")
        self.assertEqual(bonus.expiry_date, date(2025, 6, 11) + timedelta(days=180),
                         "the bonus is valid from the same day as the limit counts")
        with freeze_time("2025-06-10 23:30:00"):      # 08:30 on June 11 in Tokyo: still that day
            with self.assertRaisesRegex(UserError, "¥\u00a02,000 were charged today"):
                self.card.charge(amount=1001, reference="D-3")
            self.card.charge(amount=1000, reference="D-4")

    def test_daily_limit_counts_the_company_day(self):
        self.company.partner_id.tz = "Europe/Paris"
        with freeze_time("2025-06-10 21:00:00"):      # 23:00 in Paris
            self.card.charge(amount=2000, reference="D-1")
        with freeze_time("2025-06-10 22:30:00"):      # 00:30 on June 11 in Paris
            self.card.charge(amount=2000, reference="D-2")
            with self.assertRaisesRegex(UserError, "¥\u00a02,000 were charged today"):
                self.card.charge(amount=1001, reference="D-3")

    def test_daily_limit_counts_the_user_day(self):
        terminal = self.card.with_user(self.user_terminal)
        self.user_terminal.tz = "America/New_York"
        with freeze_time("2025-06-11 03:00:00"):      # 23:00 on June 10 in New York, June 11 in Tokyo
            terminal.charge(amount=2000, reference="D-1")
        with freeze_time("2025-06-11 05:00:00"):      # 01:00 on June 11 in New York
            terminal.charge(amount=2000, reference="D-2")
        with freeze_time("2025-06-11 15:30:00"):      # 11:30 in New York, 00:30 on June 12 in Tokyo
            with self.assertRaisesRegex(UserError, "¥\u00a02,000 were charged today"):
                terminal.charge(amount=1001, reference="D-3")

    def test_expiry_job_runs_on_the_card_day(self):
        with freeze_time("2025-06-10 03:00:00"):
            self.card.charge(amount=1000, reference="D-1")   # bonus valid until December 7 in Tokyo
        bonus_lot = self.card.lot_ids.filtered(lambda lot: lot.bucket == "bonus")
        self.assertEqual(bonus_lot.expiry_date, date(2025, 12, 7))
        with freeze_time("2025-12-07 14:30:00"):      # 23:30 on December 7 in Tokyo
            self.Card._cron_expire()
        self.assertEqual(self.card.balance_bonus, 100)
        with freeze_time("2025-12-07 15:30:00"):      # 00:30 on December 8 in Tokyo, still the 7th in UTC
            self.Card._cron_expire()
        self.assertEqual(self.card.balance_bonus, 0)
        self.assertEqual(self.card.entry_ids.filtered(lambda e: e.kind == "expiry").reference, "expiry:2025-12-08")
        self.assertIntegrity(self.card)
