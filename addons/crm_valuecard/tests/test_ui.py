from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestValuecardUi(HttpCase):

    def test_counter_tour(self):
        """A cashier (terminal group only) finds a card at the counter, charges it, takes a payment
        (retried after a lost connection) and refunds it."""
        self.env.ref("base.user_admin").lang = "en_US"
        cashier = new_test_user(self.env, login="vc_cashier", name="レジ 担当", lang="en_US",
                                groups="crm_valuecard.group_valuecard_terminal")
        program = self.env["valuecard.program"].create({"name": "窓口テスト", "number_prefix": "CT"})
        partner = self.env["res.partner"].create({"name": "窓口 テスト"})
        card = self.env["valuecard.card"].create({"program_id": program.id, "partner_id": partner.id})
        self.start_tour("/odoo", "crm_valuecard_counter_tour", login=cashier.login, timeout=120)
        entries = card.entry_ids.sorted("sequence")
        self.assertEqual(entries.mapped("kind"), ["charge", "payment", "refund"],
                         "a double click or a retry posts each operation once")
        self.assertEqual(entries[2].reversed_entry_id, entries[1])
        self.assertEqual(entries[2].reference, "refund:" + entries[1].reference)
        self.assertTrue(entries[0].reference.startswith("CTR-"))
        self.assertEqual((card.balance_paid, card.balance_bonus), (5000, 0))
        self.assertEqual(entries.operator_id, cashier)
        self.assertEqual(set(entries.mapped("terminal")), {"渋谷店 1番レジ"})
