from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SmartFieldCase


@tagged("post_install", "-at_install")
class TestSmartFieldSecurity(SmartFieldCase):

    def test_only_administrators_define_fields(self):
        for user in (self.user_smart, self.user_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["smart.field"].with_user(user).create({"label": "Forbidden"})
        nickname = self.create_field("Nickname", "selection", choices=["A"])
        for user in (self.user_smart, self.user_manager):
            with self.subTest(user=user.login):
                self.assertEqual(nickname.with_user(user).read(["label"])[0]["label"], "Nickname")
                with self.assertRaises(AccessError):
                    nickname.with_user(user).write({"label": "Changed"})
                with self.assertRaises(AccessError):
                    nickname.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    nickname.choice_ids.with_user(user).write({"label": "B"})
        with self.assertRaises(AccessError):
            self.env["smart.field"].with_user(self.user_manager).sudo(False)._check_smart_admin()

    def test_visible_to_hides_the_field_everywhere(self):
        managers = self.env.ref("crm_smart_base.group_smart_manager")
        salary = self.create_field("Annual Budget", "monetary", group_ids=[managers.id])
        memo = self.create_field("Internal Memo", group_ids=[managers.id])
        self.customer.write({salary.name: 1000000, memo.name: "要注意"})
        for user in self.user_smart | self.user_manager | self.user_admin:
            user.group_ids += self.env.ref("base.group_allow_export")
        form_id = self.env.ref("base.view_partner_form").id
        list_id = self.env.ref("base.view_partner_tree").id
        search_id = self.env.ref("base.view_res_partner_filter").id
        for user, visible in ((self.user_smart, False), (self.user_manager, True), (self.user_admin, True)):
            Partner = self.Partner.with_user(user)
            with self.subTest(user=user.login):
                self.assertEqual(salary.name in Partner.fields_get(), visible)
                for view_id, view_type, field in ((form_id, "form", salary), (list_id, "list", salary),
                                                  (form_id, "form", memo), (search_id, "search", memo)):
                    arch = etree.fromstring(Partner.get_view(view_id, view_type)["arch"])
                    self.assertEqual(bool(arch.xpath(f"//*[@name='{field.name}']")), visible, view_type)
                customer = self.customer.with_user(user)
                if visible:
                    self.assertEqual(customer.read([salary.name])[0][salary.name], 1000000)
                    self.assertEqual(customer.export_data([salary.name])["datas"], [[1000000]])
                else:
                    with self.assertRaises(AccessError):
                        customer.read([salary.name])
                    with self.assertRaises(AccessError):
                        customer.export_data([salary.name])
                    with self.assertRaises(AccessError):
                        Partner.search([(salary.name, ">", 0)])
                    self.assertNotIn(salary.name, customer.web_read({"name": {}})[0])
        # opening it to everyone again
        salary.group_ids = False
        self.assertIn(salary.name, self.Partner.with_user(self.user_smart).fields_get())

    def test_users_read_choices_to_see_values(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold"])
        self.customer[rank.name] = rank.choice_ids
        customer = self.customer.with_user(self.user_employee)
        self.assertEqual(customer.read([rank.name])[0][rank.name][1], "Gold")
