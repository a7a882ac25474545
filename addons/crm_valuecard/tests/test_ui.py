from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestValuecardUi(HttpCase):

    def test_counter_tour(self):
        """A cashier finds a card at the counter, charges it, takes a payment and refunds it."""
        self.env.ref("base.user_admin").lang = "en_US"
        program = self.env["valuecard.program"].create({"name": "窓口テスト", "number_prefix": "CT"})
        partner = self.env["res.partner"].create({"name": "窓口 テスト"})
        card = self.env["valuecard.card"].create({"program_id": program.id, "partner_id": partner.id})
        self.start_tour("/odoo/action-crm_valuecard.action_valuecard_counter", "crm_valuecard_counter_tour",
                        login="admin", timeout=120)
        entries = card.entry_ids.sorted("sequence")
        self.assertEqual(entries.mapped("kind"), ["charge", "payment", "refund"],
                         "a double click posts each operation once")
        self.assertEqual(entries[2].reversed_entry_id, entries[1])
        self.assertEqual(entries[2].reference, "refund:" + entries[1].reference)
        self.assertTrue(entries[0].reference.startswith("CTR-"))
        self.assertEqual((card.balance_paid, card.balance_bonus), (5000, 0))
        self.assertEqual(entries.operator_id, self.env.ref("base.user_admin"))
