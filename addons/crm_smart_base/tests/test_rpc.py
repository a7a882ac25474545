from odoo.tests import TransactionCase, tagged

from .common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):

    def test_only_actions_are_public(self):
        self.assertIn(("mail.thread", "message_post"), rpc_helpers(self.env, "mail"),
                      "a public method that is not an action is found")
        self.assertEqual(rpc_helpers(self.env, "crm_smart_base"), [])
