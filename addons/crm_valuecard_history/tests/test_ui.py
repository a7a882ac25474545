from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCouponVisitUi(HttpCase):

    def test_counter_coupon_visit_tour(self):
        """A counter pays with a card and a coupon at the counter screen; the
        customer's form shows the visit and, after the recompute, the RFM
        figures that count it."""
        self.env.ref("base.user_admin").lang = "en_US"
        manager = new_test_user(self.env, login="vc_store_manager", name="店長 山本", lang="en_US",
                                groups="crm_smart_base.group_smart_manager")
        program = self.env["valuecard.program"].create({"name": "クーポン来店テスト", "number_prefix": "CV"})
        partner = self.env["res.partner"].create({"name": "クーポン 来店客", "email": "visit@example.jp"})
        card = self.env["valuecard.card"].create({"program_id": program.id, "partner_id": partner.id})
        card.charge(10000, "C-1")
        coupon = self.env["valuecard.coupon"].create({
            "name": "ご来店感謝クーポン", "partner_id": partner.id, "discount_value": 500, "min_amount": 2000,
            "date_to": fields.Date.today() + timedelta(days=30)})
        # an earlier purchase, already scored
        self.env["smart.visit"].create({"partner_id": partner.id, "amount": 4000, "store": "駅前店",
                                        "date": fields.Datetime.now() - timedelta(days=40)})
        self.env["smart.customer.value"]._recompute()
        self.assertEqual((partner.smart_purchase_count, partner.smart_monetary), (1, 4000))

        self.start_tour("/odoo/action-crm_valuecard.action_valuecard_counter", "crm_valuecard_coupon_visit_tour",
                        login=manager.login, timeout=180)

        self.env.invalidate_all()
        payment = card.entry_ids.filtered(lambda entry: entry.kind == "payment")
        self.assertRecordValues(payment, [{"amount_paid": -2500, "terminal": "本店 1番レジ"}])
        self.assertRecordValues(coupon, [{"state": "redeemed", "redeemed_entry_id": payment.id,
                                          "purchase_amount": 3000, "discount_amount": 500,
                                          "redeemed_user_id": manager.id}])
        visit = partner.smart_visit_ids.filtered(lambda v: v.source == "valuecard")
        self.assertRecordValues(visit, [{"amount": 2500, "card_id": card.id, "coupon_id": coupon.id,
                                         "store": "本店 1番レジ", "state": "done"}])
        self.assertEqual(visit.with_context(lang="en_US").coupon_note,
                         "Coupon ご来店感謝クーポン: ¥\u00a0500 off a purchase of ¥\u00a03,000")
        self.assertEqual((partner.smart_purchase_count, partner.smart_monetary, partner.smart_recency_days),
                         (2, 6500, 0))
        self.assertTrue(partner.smart_rfm_code)
