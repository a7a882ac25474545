from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.tests import HttpCase, tagged

from .test_counter import ValuecardFrontCase
from .test_portal import image_bytes, qr_png


@tagged("post_install", "-at_install")
class TestCouponPortal(ValuecardFrontCase, HttpCase):
    """The customer's coupons on the phone member card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_sato.charge(amount=5000, reference="C-1")
        today = fields.Date.today()
        Coupon = cls.env["valuecard.coupon"]
        terms = {"discount_type": "fixed", "discount_value": 300, "date_to": today + timedelta(days=10)}
        cls.coupon_sato = Coupon.create({"name": "佐藤さんのクーポン", "partner_id": cls.user_sato.partner_id.id,
                                         **terms})
        cls.coupon_used = Coupon.create({"name": "使用済みクーポン", "partner_id": cls.user_sato.partner_id.id,
                                         **terms})
        cls.coupon_expired = Coupon.create({
            "name": "期限切れクーポン", "partner_id": cls.user_sato.partner_id.id, "discount_type": "fixed",
            "discount_value": 300, "date_from": today - timedelta(days=9), "date_to": today - timedelta(days=1)})
        cls.coupon_suzuki = Coupon.create({"name": "鈴木さんのクーポン", "partner_id": cls.user_suzuki.partner_id.id,
                                           **terms})
        cls.card_sato.pay_with_coupon(1000, cls.coupon_used.code, "P-1")

    def page(self, card):
        response = self.url_open("/my/valuecards/%s" % card.id)
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.text)

    def test_member_card_shows_the_customer_s_usable_coupons(self):
        self.authenticate("vc_sato", "vc_sato")
        page = self.page(self.card_sato)
        codes = page.xpath("//*[contains(@class, 'o_valuecard_member_coupon_code')]/text()")
        self.assertEqual([code.strip() for code in codes], [self.coupon_sato.code])
        # the counter scans the code from the phone
        self.assertEqual(image_bytes(page, "o_valuecard_member_coupon_qr"), qr_png(self.coupon_sato.code))
        [item] = page.xpath("//li[contains(@class, 'o_valuecard_member_coupon')]")
        self.assertIn("佐藤さんのクーポン", item.text_content())
        self.assertIn("300", item.text_content())
        # the payment made with a coupon shows it in the history
        history = page.xpath("string(//ul[contains(@class, 'o_valuecard_member_history')]/li[@data-kind='payment'])")
        self.assertIn("使用済みクーポン", history)
        self.assertIn("300", history)

    def test_other_customers_coupons_stay_hidden(self):
        self.authenticate("vc_suzuki", "vc_suzuki")
        page = self.page(self.card_suzuki)
        codes = page.xpath("//*[contains(@class, 'o_valuecard_member_coupon_code')]/text()")
        self.assertEqual([code.strip() for code in codes], [self.coupon_suzuki.code])
        self.assertNotIn(self.coupon_sato.code, html.tostring(page, encoding="unicode"))

    def test_no_coupon_on_a_card_that_cannot_pay(self):
        self.card_sato.action_report_lost()
        self.authenticate("vc_sato", "vc_sato")
        self.assertFalse(self.page(self.card_sato).xpath("//*[contains(@class, 'o_valuecard_member_coupons')]"))
