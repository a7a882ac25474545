from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):
    """Over RPC, the models of this addon offer the ORM and their workflow buttons, nothing else."""

    def test_only_actions_are_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_smart_sales"), [])

    def test_cron_and_helpers_refused(self):
        Report = self.env["smart.daily.report"]
        for name in ("_cron_send_reminders", "_get_or_create_today", "_prefill_line_commands"):
            with self.subTest(method=name), self.assertRaises(AccessError):
                get_public_method(Report, name)
        for name in ("action_my_report", "action_submit", "action_approve", "action_return"):
            self.assertTrue(get_public_method(Report, name))
