from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):

    def test_public_methods(self):
        # the payment, the payment with a coupon and the refund of crm_valuecard, extended: nothing new
        self.assertEqual(rpc_helpers(self.env, "crm_valuecard_history"),
                         [("valuecard.card", "pay"), ("valuecard.card", "pay_with_coupon"),
                          ("valuecard.card", "refund")])
