from odoo.tests import HttpCase, tagged

from .common import SmartHistoryCase


@tagged("post_install", "-at_install")
class TestUi(HttpCase, SmartHistoryCase):

    def test_counter_visit_tour(self):
        """The counter records a visit from the customer's form, the form shows
        it, and recomputing gives the customer a segment."""
        partner = self.env["res.partner"].create({"name": "ツアー 顧客"})
        self.start_tour(f"/odoo/res.partner/{partner.id}", "crm_smart_history_tour", login="smart_manager")
        self.assertEqual(partner.smart_visit_ids.amount, 3300)
        self.assertEqual(partner.smart_rfm_label, "champion")
