from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):

    def test_public_methods(self):
        # the bulk import is the public method besides the ORM and the buttons (the data tools' upload,
        # extended to visits through its private _import_file, stays the data tools' own)
        self.assertEqual(rpc_helpers(self.env, "crm_smart_history"), [("smart.visit", "import_visits")])
