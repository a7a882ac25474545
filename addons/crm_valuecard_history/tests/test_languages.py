from odoo import fields
from odoo.tests import tagged

from .common import ValuecardHistoryCase

# what a reader sees, by language: the coupon of a visit, the kinds of the timeline's events
EXPECTED = {
    "en_US": {"coupon": "Coupon 感謝クーポン: ¥\u00a0300 off a purchase of ¥\u00a03,000",
              "visit": "Visit", "charge": "Value Card: Charge"},
    "ja_JP": {"coupon": "クーポン 感謝クーポン: お買い上げ ¥\u00a03,000 から ¥\u00a0300 引き",
              "visit": "来店", "charge": "バリューカード: チャージ"},
}


@tagged("post_install", "-at_install")
class TestGeneratedTextsLanguage(ValuecardHistoryCase):
    """What Smart CRM writes of a payment (the coupon of its visit, the
    customer's timeline) is made when it is read, in the reader's language:
    paid at a counter working in English and read in Japanese, and back.
    The Japanese comes from the addons' own ja.po, not from Odoo's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ja_JP")
        cls.env["ir.module.module"].search(
            [("name", "in", ("crm_valuecard", "crm_smart_history", "crm_valuecard_history"))]
        )._update_translations("ja_JP")

    def test_coupon_visit_and_timeline_in_the_reader_s_language(self):
        for index, (counter_lang, reader_lang) in enumerate((("en_US", "ja_JP"), ("ja_JP", "en_US"))):
            with self.subTest(paid_in=counter_lang, read_in=reader_lang):
                coupon = self.env["valuecard.coupon"].create({
                    "name": "感謝クーポン", "partner_id": self.customer.id, "discount_type": "fixed",
                    "discount_value": 300, "date_to": fields.Date.today()})
                self.card.with_user(self.user_terminal).with_context(lang=counter_lang).pay_with_coupon(
                    3000, coupon.code, f"R-{index}", terminal="本店 レジ1")
                visit = self.Visit.search([("external_ref", "=", f"valuecard:{self.card.id}:R-{index}")])
                expected = EXPECTED[reader_lang]
                reader = self.env(user=self.user_manager, context={"lang": reader_lang})
                self.assertEqual(visit.with_env(reader).coupon_note, expected["coupon"])
                events = self.customer.with_env(reader)._smart_timeline_events(50)
                titles = {(event["kind"], event["title"]) for event in events}
                self.assertIn((expected["visit"], f"本店 レジ1: ¥\u00a02,700 — {expected['coupon']}"), titles)
                self.assertIn((expected["charge"], f"{self.card.display_name} +¥\u00a020,000"), titles)
                html = str(self.customer.with_env(reader).smart_timeline_html)
                self.assertIn(expected["coupon"], html)
                other = EXPECTED["en_US" if reader_lang == "ja_JP" else "ja_JP"]
                self.assertNotIn(other["charge"], html)
