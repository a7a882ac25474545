from odoo.tests import tagged

from odoo.addons.crm_smart_claim.tests.common import InquiryCase


@tagged("post_install", "-at_install")
class TestInquiryTimeline(InquiryCase):

    def test_inquiries_on_the_customer(self):
        open_inquiry = self._inquiry()
        complaint = self._inquiry(name="商品の破損", kind="complaint")
        self._inquiry(partner=self.other_customer, name="別件")
        complaint.action_close()
        events = {event["title"]: event for event in self.customer._smart_timeline_events(50)
                  if event["kind"] in ("Inquiry", "Complaint")}
        self.assertEqual(set(events), {"配送の遅れ (Open)", "商品の破損 (Closed)"})
        self.assertEqual(events["商品の破損 (Closed)"]["kind"], "Complaint")
        self.assertEqual(events["配送の遅れ (Open)"]["date"], open_inquiry.date_open)
        # the history page lists the inquiries still open
        self.assertEqual(self.customer.smart_open_inquiry_ids, open_inquiry)
        html = str(self.customer.with_user(self.user_smart).smart_timeline_html)
        self.assertIn("配送の遅れ (Open)", html)

    def test_timeline_in_the_reader_s_language(self):
        """The timeline is made when read, from the inquiry's kind and status: recorded
        in English, it reads in Japanese for a Japanese user (and back)."""
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"].search(
            [("name", "in", ("crm_smart_claim", "crm_smart_claim_history"))])._update_translations("ja_JP")
        self._inquiry(name="商品の破損", kind="complaint").with_context(lang="en_US").action_close()
        for lang, expected in (("ja_JP", ("クレーム", "商品の破損（完了）")),
                               ("en_US", ("Complaint", "商品の破損 (Closed)"))):
            with self.subTest(lang=lang):
                events = self.customer.with_user(self.user_smart).with_context(lang=lang)._smart_timeline_events(50)
                self.assertIn(expected, [(event["kind"], event["title"]) for event in events])
