from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):
    """Over RPC, customers offer their reading as a field, and no method of this addon."""

    def test_nothing_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_smart_kana"), [])
        Partner = self.env["res.partner"]
        for name in ("_normalize_name_kana", "_normalize_name_kana_write_value", "_get_kana_format"):
            with self.subTest(method=name), self.assertRaises(AccessError):
                get_public_method(Partner, name)
