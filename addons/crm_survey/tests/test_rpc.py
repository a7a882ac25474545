from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpc(TransactionCase):

    def test_public_methods(self):
        """The methods of crm_survey that RPC may call besides the ORM and buttons."""
        self.assertEqual(rpc_helpers(self.env, "crm_survey"), [])
