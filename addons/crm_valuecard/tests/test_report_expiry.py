from datetime import date

from odoo.tests import tagged

from .test_report_common import ValuecardReportCase


@tagged("post_install", "-at_install")
class TestReportExpiry(ValuecardReportCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short = cls.env["valuecard.program"].create({
            "name": "Short bonus", "company_id": cls.company.id, "number_prefix": "SB",
            "paid_validity_months": 0, "bonus_validity_days": 20, "points_validity_days": 45,
            "point_rate_amount": 100,
        })
        cls.env["valuecard.rule"].create({"program_id": cls.short.id, "name": "10%", "min_amount": 1000,
                                          "bonus_percent": 10})

    def _by(self, domain=()):
        rows = self.env["valuecard.expiry.report"]._read_group(
            [("card_id", "in", self.cards.ids), *domain], ["status", "bucket"],
            ["amount_paid:sum", "amount_bonus:sum", "points:sum"])
        return {(status, bucket): (paid, bonus, points) for status, bucket, paid, bonus, points in rows}

    def test_breakage_and_value_about_to_expire(self):
        card, other = self._card(program=self.short), self._card(program=self.short)
        self.cards = card | other
        with self.at("2026-01-10 01:00:00"):
            card.charge(amount=5000, reference="EXP-1")        # bonus 500, expires 2026-01-30
        with self.at("2026-01-15 01:00:00"):
            card.pay(amount=200, reference="EXP-2")            # 200 of the bonus is spent
        with self.at("2026-02-02 01:00:00"):
            self.env["valuecard.card"]._cron_expire()          # the remaining 300 bonus expires
            other.charge(amount=3000, reference="EXP-3")        # bonus 300, expires 2026-02-22
            other.earn_points(amount_spent=4000, reference="EXP-4")  # 40 points, expire 2026-03-19
            campaign = self.env["valuecard.campaign"].create({
                "program_id": self.short.id, "name": "Spring", "domain": repr([("id", "=", other.id)]),
                "amount": 700, "date": date(2026, 2, 2), "expiry_date": date(2026, 4, 20),
            })
            campaign.action_grant()
            figures = self._by()
        self.assertEqual(figures, {
            ("expired", "bonus"): (0, 300, 0),
            ("due_30", "bonus"): (0, 300, 0),
            ("due_60", "points"): (0, 0, 40),
            ("due_90", "bonus"): (0, 700, 0),
        })
        [expired] = self.env["valuecard.expiry.report"].search(
            [("card_id", "=", card.id), ("status", "=", "expired")])
        self.assertEqual(expired.date, date(2026, 1, 30))
        self.assertEqual(expired.amount_value, 300)
        # by month: the breakage of January
        months = self.env["valuecard.expiry.report"]._read_group(
            [("card_id", "in", self.cards.ids), ("status", "=", "expired")], ["date:month"], ["amount_value:sum"])
        self.assertEqual(months, [(date(2026, 1, 1), 300)])

    def test_lots_past_expiry_before_the_job_runs(self):
        card = self._card(program=self.short)
        self.cards = card
        with self.at("2026-01-10 01:00:00"):
            card.charge(amount=2000, reference="EXP-5")
        with self.at("2026-03-01 01:00:00"):
            self.assertEqual(self._by(), {("overdue", "bonus"): (0, 200, 0)})
            self.env["valuecard.card"]._cron_expire()
            self.assertEqual(self._by(), {("expired", "bonus"): (0, 200, 0)})
        # paid value never expires here, so it never shows
        self.assertEqual(card.balance_paid, 2000)
