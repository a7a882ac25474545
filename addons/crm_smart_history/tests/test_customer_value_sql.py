import datetime
import math
import random

from odoo.tests import tagged

from ..tools import ltv_factor, rfm_label
from .common import SmartHistoryCase

FIGURES = ["smart_last_purchase_date", "smart_recency_days", "smart_purchase_count", "smart_monetary",
           "smart_r_score", "smart_f_score", "smart_m_score", "smart_rfm_code", "smart_rfm_label", "smart_ltv"]


def python_values(visits, partners, now, bands=None, lifetime=3, discount=0.0):
    """The figures of each customer computed plainly in Python from the
    visits, as the readme states them: the reference the SQL must agree with."""
    purchases = {}
    for visit in visits:
        if visit.state == "done" and visit.amount > 0:
            purchases.setdefault(visit.partner_id.id, []).append(visit)
    figures = {}
    for partner_id, rows in purchases.items():
        dates = [row.date for row in rows]
        figures[partner_id] = {"last": max(dates), "first": min(dates), "frequency": len(rows),
                               "monetary": sum(row.amount for row in rows)}
    count = len(figures)

    def quintile(key, value):
        # CEIL(5 × share of customers whose figure is at most this one)
        return math.ceil(5 * sum(1 for other in figures.values() if other[key] <= value) / count)

    factor = ltv_factor(lifetime, discount)
    result = {}
    for partner in partners:
        data = figures.get(partner.id)
        if not data:
            result[partner.id] = dict.fromkeys(FIGURES, False)
            continue
        recency = (now - data["last"]).days
        if bands:
            r = 5 - sum(1 for limit in bands[0] if recency > limit)
            f = 1 + sum(1 for limit in bands[1] if data["frequency"] >= limit)
            m = 1 + sum(1 for limit in bands[2] if data["monetary"] >= limit)
        else:
            r = quintile("last", data["last"])
            f = quintile("frequency", data["frequency"])
            m = quintile("monetary", data["monetary"])
        years = max((now - data["first"]).days / 365.25, 1)
        result[partner.id] = {
            "smart_last_purchase_date": data["last"], "smart_recency_days": recency,
            "smart_purchase_count": data["frequency"], "smart_monetary": data["monetary"],
            "smart_r_score": r, "smart_f_score": f, "smart_m_score": m, "smart_rfm_code": f"{r}{f}{m}",
            "smart_rfm_label": rfm_label(r, f, m), "smart_ltv": math.floor(data["monetary"] / years * factor + 0.5),
        }
    return result


@tagged("post_install", "-at_install")
class TestCustomerValueSql(SmartHistoryCase):
    """The set-based SQL computation against a plain Python one, on a small
    random history: customers without purchases, with visits but no purchase,
    with reversed purchases, ties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rng = random.Random(15)
        cls.partners = cls.Partner.create([{"name": f"比較 顧客{number}"} for number in range(40)])
        vals = []
        for index, partner in enumerate(cls.partners):
            if index % 8 == 0:
                continue  # never came
            for _visit in range(rng.randint(1, 12)):
                vals.append({
                    "partner_id": partner.id,
                    "date": cls.now - datetime.timedelta(days=rng.randint(0, 900), hours=rng.randint(0, 23)),
                    # every sixth customer only comes without buying; amounts repeat to make ties
                    "amount": 0 if index % 6 == 1 else rng.choice([0, 500, 1000, 2400, 5000, 12000, 30000]),
                })
        cls.visits = cls.Visit.sudo().create(vals)
        # some refunded purchases, which do not count
        cls.visits.filtered(lambda visit: visit.id % 7 == 0).sudo().write({"state": "reversed"})

    def assert_agrees(self, **options):
        expected = python_values(self.visits, self.partners, self.env.cr.now(), **options)
        self.assertTrue(any(not values["smart_rfm_label"] for values in expected.values()))
        for partner in self.partners:
            with self.subTest(partner=partner.name):
                self.assertEqual({name: partner[name] for name in FIGURES}, expected[partner.id])

    def test_quintiles_agree_with_python(self):
        counts = self.recompute()
        self.assertEqual(counts["scored"], self.Partner.search_count(
            [("id", "in", self.partners.ids), ("smart_rfm_label", "!=", False)]))
        self.assert_agrees()
        # a customer without purchases has no figures at all: NULL, not zero
        for partner in self.partners[0] | self.partners[1]:
            self.assertIsNone(self.stored(partner, "smart_r_score"))
            self.assertIsNone(self.stored(partner, "smart_purchase_count"))

    def test_bands_and_discount_agree_with_python(self):
        self.use_bands(4, 5)
        self.recompute()
        self.assert_agrees(bands=([30, 90, 180, 365], [2, 4, 8, 16], [5000, 20000, 50000, 100000]),
                           lifetime=4, discount=0.05)

    def test_only_changed_customers_are_written(self):
        self.recompute()
        before = {partner.id: partner.smart_value_date for partner in self.partners}
        # nothing changed: nothing written, the same figures
        counts = self.recompute()
        self.assertEqual(counts["written"], 0)
        self.assert_agrees()
        # one customer buys: the cache shows the new figures without any manual invalidation
        buyer = self.partners[1]
        self.assertFalse(buyer.smart_rfm_label)
        self.add_visits(buyer, [(0, 99000)])
        self.visits |= buyer.smart_visit_ids
        counts = self.recompute()
        self.assertGreaterEqual(counts["written"], 1)
        self.assertEqual(buyer.smart_purchase_count, 1)
        self.assertEqual(buyer.smart_monetary, 99000)
        self.assert_agrees()
        unchanged = self.partners.filtered(lambda partner: partner.smart_value_date == before[partner.id])
        self.assertTrue(unchanged, "customers whose figures did not move keep their row untouched")

    def test_recency_days_search(self):
        self.recompute()
        expected = python_values(self.visits, self.partners, self.env.cr.now())
        for domain, check in [
            ([("smart_recency_days", ">=", 100)], lambda days: days is not False and days >= 100),
            ([("smart_recency_days", "<", 30)], lambda days: days is not False and days < 30),
            ([("smart_recency_days", "<=", 7)], lambda days: days is not False and days <= 7),
            ([("smart_recency_days", "in", [0, 1, 2])], lambda days: days is not False and days <= 2),
        ]:
            with self.subTest(domain=domain):
                found = self.Partner.search([("id", "in", self.partners.ids), *domain])
                wanted = {pid for pid, values in expected.items() if check(values["smart_recency_days"])}
                self.assertEqual(set(found.ids), wanted)
