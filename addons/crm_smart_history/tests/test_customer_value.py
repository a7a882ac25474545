import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from ..tools import ltv_factor, parse_bands
from .common import SmartHistoryCase


@tagged("post_install", "-at_install")
class TestCustomerValue(SmartHistoryCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        names = ["優良 一郎", "常連 二郎", "休眠 三郎", "離反 四郎", "有望 五郎", "来店 六郎", "未来店 七郎"]
        cls.p1, cls.p2, cls.p3, cls.p4, cls.p5, cls.p6, cls.p7 = cls.Partner.create([{"name": n} for n in names])
        cls.add_visits(cls.p1, [(1, 10000), (10, 10000), (20, 10000), (30, 10000), (40, 10000)])
        cls.add_visits(cls.p2, [(5, 2000), (100, 3000)])
        cls.add_visits(cls.p3, [(400, 1000)])
        cls.add_visits(cls.p4, [(200, 4000), (210, 4000), (220, 4000)])
        cls.add_visits(cls.p5, [(50, 8000)])
        # a visit without a purchase is no purchase
        cls.add_visits(cls.p6, [(3, 0)])
        cls.scored = cls.p1 | cls.p2 | cls.p3 | cls.p4 | cls.p5

    def test_quintiles_labels_and_ltv(self):
        counts = self.recompute()
        self.assertEqual(counts["scored"], 5)
        self.assertRecordValues(self.scored, [
            {"smart_recency_days": 1, "smart_purchase_count": 5, "smart_monetary": 50000, "smart_r_score": 5,
             "smart_f_score": 5, "smart_m_score": 5, "smart_rfm_code": "555", "smart_rfm_label": "champion",
             "smart_ltv": 150000},
            {"smart_recency_days": 5, "smart_purchase_count": 2, "smart_monetary": 5000, "smart_r_score": 4,
             "smart_f_score": 3, "smart_m_score": 2, "smart_rfm_code": "432", "smart_rfm_label": "loyal",
             "smart_ltv": 15000},
            # first purchase 400 days ago: 1,000 yen over 1.095 years, for three years
            {"smart_recency_days": 400, "smart_purchase_count": 1, "smart_monetary": 1000, "smart_r_score": 1,
             "smart_f_score": 2, "smart_m_score": 1, "smart_rfm_code": "121", "smart_rfm_label": "dormant",
             "smart_ltv": 2739},
            {"smart_recency_days": 200, "smart_purchase_count": 3, "smart_monetary": 12000, "smart_r_score": 2,
             "smart_f_score": 4, "smart_m_score": 4, "smart_rfm_code": "244", "smart_rfm_label": "at_risk",
             "smart_ltv": 36000},
            {"smart_recency_days": 50, "smart_purchase_count": 1, "smart_monetary": 8000, "smart_r_score": 3,
             "smart_f_score": 2, "smart_m_score": 3, "smart_rfm_code": "323", "smart_rfm_label": "promising",
             "smart_ltv": 24000},
        ])
        self.assertEqual(self.p1.smart_last_purchase_date, self.now - datetime.timedelta(days=1))

    def test_no_purchase_no_score(self):
        self.recompute()
        for partner in self.p6 | self.p7:
            for column in ("smart_r_score", "smart_purchase_count", "smart_monetary", "smart_ltv",
                           "smart_rfm_label"):
                self.assertIsNone(self.stored(partner, column), f"{partner.name}: {column} should be empty")
        self.assertEqual(self.p6.smart_visit_count, 1)
        # searchable: the customers without a score
        self.assertFalse(self.Partner.search([("id", "in", (self.p6 | self.p7).ids),
                                              ("smart_rfm_label", "!=", False)]))

    def test_refunded_purchases_leave_the_score(self):
        self.recompute()
        self.assertEqual(self.p5.smart_rfm_label, "promising")
        self.p5.smart_visit_ids.sudo().write({"state": "reversed"})
        counts = self.recompute()
        self.assertEqual((counts["scored"], counts["cleared"]), (4, 1))
        self.assertIsNone(self.stored(self.p5, "smart_r_score"))
        self.assertFalse(self.p5.smart_rfm_label)

    def test_bands_and_discount(self):
        self.use_bands(3, 10)
        self.recompute()
        self.assertEqual(self.scored.mapped("smart_rfm_code"), ["534", "522", "111", "222", "412"])
        self.assertEqual(self.scored.mapped("smart_rfm_label"), ["loyal", "new", "dormant", "dormant", "new"])
        self.assertEqual(self.p1.smart_ltv, 136777)

    def test_settings_refuse_bad_bands(self):
        for vals in ({"smart_rfm_recency_bands": "30,20,180,365"}, {"smart_rfm_frequency_bands": "1,2,3"},
                     {"smart_rfm_monetary_bands": "千,2,3,4"}, {"smart_ltv_discount_rate": -1}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create(vals)

    def test_month_snapshots_show_movement(self):
        self.recompute()
        Snapshot = self.env["smart.customer.value.snapshot"]
        self.assertEqual(Snapshot.search_count([("partner_id", "in", self.scored.ids)]), 5)
        # make this month's records last month's, then p3 comes back
        self.env.cr.execute(SQL("UPDATE smart_customer_value_snapshot SET month = month - interval '1 month'"))
        Snapshot.invalidate_model()
        self.add_visits(self.p3, [(0, 30000), (2, 30000), (3, 30000)])
        self.recompute()
        month = self.now.date().replace(day=1)
        moved = Snapshot.search([("month", "=", month), ("partner_id", "=", self.p3.id)])
        self.assertRecordValues(moved, [{"previous_label": "dormant", "label": "champion", "changed": True}])
        # twice in a month: one snapshot, the last one
        self.recompute()
        self.assertEqual(Snapshot.search_count([("month", "=", month), ("partner_id", "in", self.scored.ids)]), 5)

    def test_values_written_by_the_computation_only(self):
        with self.assertRaises(UserError):
            self.p1.with_user(self.user_admin).write({"smart_ltv": 1})
        self.p1.with_user(self.user_admin).write({"phone": "03-1234-5678"})

    def test_recompute_action_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["smart.customer.value"].with_user(self.user_marketer).action_recompute()
        action = self.env["smart.customer.value"].with_user(self.user_manager).action_recompute()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.p1.smart_rfm_label, "champion")

    def test_pure_rules(self):
        self.assertEqual(ltv_factor(3, 0), 3.0)
        self.assertAlmostEqual(ltv_factor(3, 0.1), 1 + 1 / 1.1 + 1 / 1.21)
        self.assertEqual(ltv_factor(0, 0.1), 0.0)
        self.assertEqual(parse_bands("30、90, 180,365"), [30, 90, 180, 365])
        self.assertIsNone(parse_bands("30,30,180,365"))
        self.assertIsNone(parse_bands(""))
