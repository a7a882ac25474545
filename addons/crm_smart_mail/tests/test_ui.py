from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import SmartMailCase


@tagged("post_install", "-at_install")
class TestMailUi(HttpCase, SmartMailCase):

    def test_marketer_sends_and_starts_a_welcome_sequence(self):
        """A marketer sends a mailing to a dynamic list and starts a three-step
        welcome sequence."""
        mailing = self._mailing(self._dynamic_list(), subject="ツアーのお知らせ", user_id=self.user_marketer.id)
        self.start_tour("/odoo", "crm_smart_mail_tour", login="smart_marketer")
        self.assertEqual(mailing.state, "in_queue")
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(self._mailed_partners(mailing), self.consenting)
        sequence = self.env["smart.step.sequence"].search([("name", "=", "ツアー ウェルカム")])
        self.assertEqual(sequence.state, "running")
        self.assertEqual(sequence.step_ids.mapped("name"), ["ようこそ", "3日後のご案内", "10日後のクーポン"])
        self.assertEqual(sequence.step_ids.mapped("wait_days"), [0, 3, 7])
        self.assertTrue(all(sequence.step_ids.mailing_id))
        # the default filter enrols every customer with an email consent
        self.assertTrue(self.consenting <= sequence.enrolment_ids.partner_id)
