from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):

    def test_only_actions_are_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_smart_segment"), [])
