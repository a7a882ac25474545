from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSmartFieldUi(HttpCase):

    def test_admin_adds_a_field_and_fills_it(self):
        """An administrator adds a customer field and fills it on a customer, without upgrade."""
        customer = self.env.ref("crm_smart.res_partner_demo_sakura_foods", raise_if_not_found=False)
        if not customer:
            self.skipTest("needs the Smart CRM demo customers")
        # Smart CRM is used in Japanese: the tour runs in the administrator's Japanese interface
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env.ref("base.user_admin").lang = "ja_JP"
        self.start_tour("/odoo", "crm_smart_field_tour", login="admin")
        smart_field = self.env["smart.field"].search([("name", "=", "x_shoe_size")])
        self.assertEqual((smart_field.label, smart_field.field_type, smart_field.section),
                         ("Shoe Size", "integer", "Profile"))
        customer.invalidate_recordset()
        self.assertEqual(customer["x_shoe_size"], 24)
