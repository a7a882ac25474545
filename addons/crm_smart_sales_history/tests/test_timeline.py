import datetime

from odoo.tests import tagged

from odoo.addons.crm_smart_sales.tests.common_reports import SmartReportCase


@tagged("post_install", "-at_install")
class TestSalesTimeline(SmartReportCase):

    def test_report_lines_and_alerts_on_the_customer(self):
        self._report(self.rep, datetime.date(2026, 11, 20), lines=[{
            "partner_id": self.customer.id, "kind": "visit", "purpose": "新商品の提案", "result": "見積依頼あり",
            "start": datetime.datetime(2026, 11, 20, 1, 0), "end": datetime.datetime(2026, 11, 20, 2, 0),
        }])
        self.env["smart.alert"].create({"partner_id": self.customer.id, "message": "支払い遅延あり",
                                        "kind": "negative"})
        events = self.customer._smart_timeline_events(50)
        by_kind = {event["kind"]: event for event in events}
        self.assertEqual(by_kind["Report: Visit"]["title"], "新商品の提案 — 見積依頼あり (Rep Ito)")
        self.assertEqual(by_kind["Report: Visit"]["date"], datetime.datetime(2026, 11, 20, 1, 0))
        self.assertEqual(by_kind["Alert: Negative"]["title"], "支払い遅延あり")
        # newest first: the alert raised now comes before last month's visit
        kinds = [event["kind"] for event in events]
        self.assertLess(kinds.index("Alert: Negative"), kinds.index("Report: Visit"))

    def test_reps_see_the_lines_their_rules_allow(self):
        self._report(self.rep, datetime.date(2026, 11, 20), lines=[{
            "partner_id": self.customer.id, "kind": "call", "purpose": "電話でフォロー"}])
        own = self.customer.with_user(self.rep)._smart_timeline_events(50)
        self.assertIn("Report: Call", [event["kind"] for event in own])
        other = self.customer.with_user(self.rep_other)._smart_timeline_events(50)
        self.assertNotIn("Report: Call", [event["kind"] for event in other])

    def test_timeline_in_the_reader_s_language(self):
        """The timeline is made when read, from the line's and alert's kinds: filed in
        English, it reads in Japanese for a Japanese user (and back)."""
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"].search(
            [("name", "in", ("crm_smart_sales", "crm_smart_sales_history"))])._update_translations("ja_JP")
        self._report(self.rep, datetime.date(2026, 11, 20), lines=[{
            "partner_id": self.customer.id, "kind": "visit", "purpose": "新商品の提案"}])
        self.env["smart.alert"].with_context(lang="en_US").create(
            {"partner_id": self.customer.id, "message": "支払い遅延あり", "kind": "negative"})
        for lang, expected in (
                ("ja_JP", {("日報: 訪問", "新商品の提案（Rep Ito）"), ("アラート: 注意", "支払い遅延あり")}),
                ("en_US", {("Report: Visit", "新商品の提案 (Rep Ito)"), ("Alert: Negative", "支払い遅延あり")})):
            with self.subTest(lang=lang):
                events = self.customer.with_context(lang=lang)._smart_timeline_events(50)
                self.assertLessEqual(expected, {(event["kind"], event["title"]) for event in events})
