from odoo.tests import new_test_user

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


class InquiryCase(SmartCrmCase):
    """A customer with a portal login, another customer, and the Smart CRM users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Inquiry = cls.env["smart.inquiry"]
        cls.customer.user_id = cls.user_smart
        cls.portal_user = new_test_user(cls.env, login="inquiry_portal", groups="base.group_portal",
                                        name="ポータル 顧客", email="portal.customer@example.jp")
        cls.portal_partner = cls.portal_user.partner_id
        cls.other_customer = cls.env["res.partner"].create({"name": "別の 顧客", "email": "other@example.jp"})
        cls.category = cls.env.ref("crm_smart_claim.smart_inquiry_category_order")

    @classmethod
    def _inquiry(cls, partner=None, **values):
        return cls.Inquiry.create({"name": "配送の遅れ", "partner_id": (partner or cls.customer).id, **values})
