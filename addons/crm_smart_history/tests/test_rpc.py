from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):

    def test_public_methods(self):
        # the bulk import and the data tools' upload (extended to visits) are the public methods besides
        # the ORM and the buttons
        self.assertEqual(rpc_helpers(self.env, "crm_smart_history"),
                         [("smart.data.io", "import_file"), ("smart.visit", "import_visits")])
