from odoo.tests import new_test_user, tagged

from odoo.addons.crm_smart_base.tests.japanese_tour import JapaneseTourCase


@tagged("post_install", "-at_install")
class TestSmartAdminJapaneseUi(JapaneseTourCase):
    # wide enough for every Smart CRM section of the menu bar, so that the tour can check the new
    # database's menu
    browser_size = "1920x1080"

    def test_admin_adds_a_field_and_a_database_in_japanese(self):
        """A Japanese administrator adds a customer field and a database, without English from Smart CRM."""
        admin = new_test_user(self.env, login="smart_ja_admin", lang="ja_JP", name="管理 花子",
                              groups="crm_smart_base.group_smart_admin")
        customer = self.env["res.partner"].create({"name": "株式会社つばさ商事", "is_company": True})

        self.start_japanese_tour("/odoo", "crm_smart_admin_japanese_tour", login=admin.login, timeout=240)

        rank = self.env["smart.field"].search([("name", "=", "x_member_class")])
        self.assertEqual((rank.label, rank.field_type, rank.model), ("会員区分", "selection", "res.partner"))
        self.assertEqual(rank.with_context(lang="ja_JP").help, "会員の種類")
        self.assertEqual(rank.choice_ids.sorted("sequence").mapped("label"), ["プラチナ", "一般"])
        customer.invalidate_recordset()
        self.assertEqual(customer.x_member_class.label, "プラチナ")

        database = self.env["smart.database"].search([("name", "=", "試食会参加者")])
        self.assertTrue(database.partner_link)
        self.assertEqual(database._smart_fields().mapped(lambda f: (f.label, f.field_type, f.name)),
                         [("参加人数", "integer", "x_guests")])
        visit = self.env[database.model].search([])
        self.assertEqual((visit.x_name, visit.x_partner_id, visit.x_guests), ("山田 太郎", customer, 3))
