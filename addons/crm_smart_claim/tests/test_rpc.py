from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):
    """Over RPC, inquiries offer the ORM and their workflow buttons, nothing else."""

    def test_only_actions_are_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_smart_claim"), [])

    def test_cron_and_helpers_refused(self):
        Inquiry = self.env["smart.inquiry"]
        for name in ("_cron_escalate", "_portal_create", "_sync_alert", "message_new"):
            with self.subTest(method=name), self.assertRaises(AccessError):
                get_public_method(Inquiry, name)
        for name in ("action_start", "action_close", "action_reopen"):
            self.assertTrue(get_public_method(Inquiry, name))
