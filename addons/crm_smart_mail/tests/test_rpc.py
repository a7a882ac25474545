from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestRpcSurface(TransactionCase):
    """Over RPC, the models of this addon offer the ORM and their workflow buttons, nothing else."""

    def test_only_actions_are_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_smart_mail"), [])

    def test_scheduler_and_helpers_refused(self):
        for model, name in [("smart.step.enrolment", "_process_due"), ("smart.step.enrolment", "_cron_process"),
                            ("smart.step.sequence", "_enrol_partners"), ("mailing.list", "_smart_refresh"),
                            ("smart.magazine.signup", "_confirm"), ("smart.consent", "_record")]:
            with self.subTest(method=name), self.assertRaises(AccessError):
                get_public_method(self.env[model], name)
        for model, name in [("mailing.list", "action_smart_refresh"), ("mailing.list", "action_smart_freeze"),
                            ("smart.step.sequence", "action_start"), ("res.partner", "action_smart_mail_customers")]:
            self.assertTrue(get_public_method(self.env[model], name))
