from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSmartFieldUi(HttpCase):

    def test_admin_adds_a_field_and_fills_it(self):
        """An administrator adds a customer field and fills it on a customer, without upgrade."""
        customer = self.env.ref("crm_smart_base.res_partner_demo_sakura_foods", raise_if_not_found=False)
        if not customer:
            self.skipTest("needs the Smart CRM demo customers")
        # Smart CRM is used in Japanese: the tour runs in the administrator's Japanese interface
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env.ref("base.user_admin").lang = "ja_JP"
        mobile = self.env["smart.field"].create({"label": "Mobile", "name": "x_mobile", "field_type": "phone"})
        customer[mobile.name] = "090-1234-5678"
        self.start_tour("/odoo", "crm_smart_field_tour", login="admin")
        smart_field = self.env["smart.field"].search([("name", "=", "x_shoe_size")])
        self.assertEqual((smart_field.label, smart_field.field_type, smart_field.section),
                         ("Shoe Size", "integer", "Profile"))
        customer.invalidate_recordset()
        self.assertEqual(customer["x_shoe_size"], 24)

    def test_admin_changes_the_type_then_deletes_the_field(self):
        """Type change with preview, then deletion after the export is offered, from the UI."""
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env.ref("base.user_admin").lang = "ja_JP"
        visits = self.env["smart.field"].create({"label": "Visit Count", "field_type": "integer"})
        customer = self.env["res.partner"].create({"name": "来店 太郎", visits.name: 12})
        name = visits.name
        self.start_tour("/odoo", "crm_smart_field_change_tour", login="admin")
        self.assertFalse(visits.exists())
        self.assertNotIn(name, self.env["res.partner"]._fields)
        self.assertTrue(customer.exists())
