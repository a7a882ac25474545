from datetime import date

from odoo.tests import tagged

from .test_report_common import ValuecardReportCase


@tagged("post_install", "-at_install")
class TestReportBalance(ValuecardReportCase):

    def _by(self, groupby, domain=()):
        Report = self.env["valuecard.balance.report"]
        rows = Report._read_group([("card_id", "in", self.cards.ids), *domain], groupby,
                                  ["balance_paid:sum", "balance_bonus:sum", "points:sum"])
        size = len(groupby)
        return {(row[0] if size == 1 else row[:size]): row[size:] for row in rows}

    def setUp(self):
        super().setUp()
        with self.at("2026-04-01 03:00:00"):
            self.card_a, self.card_b = self._card(), self._card()
            self.cards = self.card_a | self.card_b
            self.card_a.charge(amount=10000, reference="BAL-1")      # paid 10,000 + bonus 1,000
            self.card_a.pay(amount=3000, reference="BAL-2")          # bonus first: 1,000 bonus + 2,000 paid
            self.card_a.earn_points(amount_spent=5000, reference="BAL-3")  # 50 points
            self.card_b.charge(amount=12000, reference="BAL-4")      # paid 12,000 + bonus 1,000

    def test_totals_per_program_match_card_balances(self):
        totals = self._by(["program_id"])
        self.assertEqual(totals[self.program], (8000 + 12000, 1000, 50))
        self.assertEqual(sum(self.cards.mapped("balance_paid")), 20000)
        self.assertEqual(sum(self.cards.mapped("balance_bonus")), 1000)
        self.assertEqual(sum(self.cards.mapped("points")), 50)

    def test_by_bucket_and_expiry_month(self):
        by_bucket = self._by(["bucket"])
        self.assertEqual(by_bucket["paid"], (20000, 0, 0))
        self.assertEqual(by_bucket["bonus"], (0, 1000, 0))
        self.assertEqual(by_bucket["points"], (0, 0, 50))
        by_month = self._by(["bucket", "expiry_date:month"])
        # paid value never expires in this program; bonus after 60 days, points after 365
        bonus_month = date(2026, 5, 1)
        points_month = self.card_a.lot_ids.filtered(lambda lot: lot.bucket == "points").expiry_date.replace(day=1)
        self.assertEqual(points_month.year, 2027)
        self.assertEqual(by_month, {
            ("paid", False): (20000, 0, 0),
            ("bonus", bonus_month): (0, 1000, 0),
            ("points", points_month): (0, 0, 50),
        })

    def test_spent_lots_leave_the_report(self):
        with self.at("2026-04-02 03:00:00"):
            self.card_b.pay(amount=13000, reference="BAL-5")
        self.assertFalse(self.env["valuecard.balance.report"].search([("card_id", "=", self.card_b.id)]))
        self.assertEqual(self._by(["program_id"])[self.program], (8000, 0, 50))

    def test_other_company_is_hidden(self):
        other = self.env["res.company"].create({"name": "別会社 株式会社", "currency_id": self.env.ref("base.JPY").id})
        program = self.env["valuecard.program"].create({
            "name": "Other card", "company_id": other.id, "number_prefix": "OT"})
        card = self._card(program=program).with_company(other)
        with self.at("2026-04-01 03:00:00"):
            card.charge(amount=7000, reference="BAL-OTHER")
        self.manager.company_ids = self.company
        Report = self.env["valuecard.balance.report"].with_user(self.manager)
        self.assertFalse(Report.search([("card_id", "=", card.id)]))
        self.assertTrue(Report.search([("card_id", "=", self.card_a.id)]))
        self.assertTrue(self.env["valuecard.balance.report"].search([("card_id", "=", card.id)]))
