from datetime import date

from odoo.tests import tagged

from .test_report_common import ValuecardReportCase


@tagged("post_install", "-at_install")
class TestReportCampaign(ValuecardReportCase):

    def test_campaign_effect(self):
        card_a, card_b, card_c = self._card(), self._card(), self._card()
        with self.at("2026-05-01 02:00:00"):
            for card in (card_a, card_b, card_c):
                card.charge(amount=5000, reference=f"CMP-C-{card.id}")
        with self.at("2026-05-20 02:00:00"):
            card_a.pay(amount=1000, reference="CMP-1")          # 30 days before the grant: counts as before
            card_c.pay(amount=4000, reference="CMP-2")          # card C is not in the campaign
        with self.at("2026-06-01 02:00:00"):
            campaign = self.env["valuecard.campaign"].create({
                "program_id": self.program.id, "name": "June bonus",
                "domain": repr([("id", "in", (card_a | card_b).ids)]),
                "amount": 500, "points": 10, "date": date(2026, 6, 1), "expiry_date": date(2026, 8, 31),
            })
            campaign.action_grant()
        with self.at("2026-06-05 02:00:00"):
            card_a.pay(amount=2000, reference="CMP-3")          # 500 from the campaign lot, 1,500 paid
            card_b.pay(amount=300, reference="CMP-4")           # 300 from the campaign lot
            card_c.pay(amount=100, reference="CMP-5")
        with self.at("2026-06-06 02:00:00"):
            card_b.refund(reference="CMP-4")                    # refunded: neither spent nor spend
        with self.at("2026-06-10 02:00:00"):
            card_b.pay(amount=150, reference="CMP-6")
        with self.at("2026-07-15 02:00:00"):
            card_b.pay(amount=100, reference="CMP-7")           # after the 30-day window, still campaign value
        [row] = self.env["valuecard.campaign.report"].search([("campaign_id", "=", campaign.id)])
        self.assertEqual(row.program_id, self.program)
        self.assertEqual(row.grant_date, date(2026, 6, 1))
        self.assertEqual(row.cards_granted, 2)
        self.assertEqual(row.value_granted, 1000)
        self.assertEqual(row.points_granted, 20)
        self.assertEqual(row.value_spent, 500 + 150 + 100)
        self.assertEqual(row.value_expired, 0)
        self.assertEqual(row.spend_before, 1000)
        self.assertEqual(row.spend_after, 2000 + 150)
        self.assertEqual(row.spend_uplift, 1150)
