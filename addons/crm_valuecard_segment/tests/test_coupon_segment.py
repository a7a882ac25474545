from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SegmentCardCase


@tagged("post_install", "-at_install")
class TestCouponSegment(SegmentCardCase):
    """Coupons issued to the card holders of a segment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_card = cls.env["res.partner"].create({"name": "カードなし 会員", "city": "横浜市"})
        cls.Wizard = cls.env["valuecard.coupon.issue.wizard"].with_user(cls.user_manager)

    def wizard(self, **vals):
        return self.Wizard.create({
            "name": "横浜会員クーポン", "discount_type": "percent", "discount_value": 10,
            "date_to": fields.Date.today() + timedelta(days=7), "send_mail": False, **vals,
        })

    def test_issue_to_the_card_holders_of_a_segment(self):
        wizard = self.wizard(segment_id=self.segment.id)
        self.assertEqual(wizard.partner_count, 2, "neither the excluded customer nor the one without a card")
        wizard.action_issue()
        coupons = self.env["valuecard.coupon"].search([("name", "=", "横浜会員クーポン")])
        self.assertEqual(coupons.partner_id, self.gold)
        self.assertEqual(coupons.mapped("discount_value"), [10, 10])

    def test_segment_and_customer_filter(self):
        wizard = self.wizard(segment_id=self.segment.id, partner_domain=str([("id", "=", self.gold[0].id)]))
        self.assertEqual(wizard.partner_count, 1)
        wizard.action_issue()
        self.assertEqual(self.env["valuecard.coupon"].search([("name", "=", "横浜会員クーポン")]).partner_id,
                         self.gold[0])

    def test_segment_without_card_holders_issues_nothing(self):
        segment = self.env["smart.segment"].create({"name": "カードなし", "domain": f"[('id', '=', {self.no_card.id})]"})
        with self.assertRaisesRegex(UserError, "no coupon was issued"):
            self.wizard(segment_id=segment.id).action_issue()
        self.assertFalse(self.env["valuecard.coupon"].search([("name", "=", "横浜会員クーポン")]))
