from odoo.tests import tagged

from .common import SmartCrmCase


@tagged("at_install", "-post_install")
class TestSecurityGroups(SmartCrmCase):

    def test_groups_are_implied_in_order(self):
        user = self.env.ref("crm_smart_base.group_smart_user")
        manager = self.env.ref("crm_smart_base.group_smart_manager")
        marketer = self.env.ref("crm_smart_base.group_smart_marketer")
        admin = self.env.ref("crm_smart_base.group_smart_admin")
        self.assertIn(user, marketer.implied_ids)
        self.assertIn(marketer, manager.implied_ids)
        self.assertIn(manager, admin.implied_ids)
        self.assertTrue(self.user_admin.has_group("crm_smart_base.group_smart_user"))
        self.assertTrue(self.user_admin.has_group("crm_smart_base.group_smart_manager"))
        self.assertTrue(self.user_manager.has_group("crm_smart_base.group_smart_user"))
        self.assertFalse(self.user_manager.has_group("crm_smart_base.group_smart_admin"))
        self.assertFalse(self.user_smart.has_group("crm_smart_base.group_smart_manager"))
        self.assertTrue(self.user_manager.has_group("crm_smart_base.group_smart_marketer"))
        self.assertFalse(self.user_smart.has_group("crm_smart_base.group_smart_marketer"))

    def test_admin_user_is_smart_administrator(self):
        self.assertTrue(self.env.ref("base.user_admin").has_group("crm_smart_base.group_smart_admin"))

    def test_menu_visible_only_to_smart_users(self):
        root = self.env.ref("crm_smart_base.menu_smart_root")
        config = self.env.ref("crm_smart_base.menu_smart_configuration")
        Menu = self.env["ir.ui.menu"]

        def visible(user):
            return Menu.with_user(user)._visible_menu_ids()

        self.assertNotIn(root.id, visible(self.user_employee))
        self.assertIn(root.id, visible(self.user_smart))
        self.assertNotIn(config.id, visible(self.user_smart))
        self.assertIn(config.id, visible(self.user_manager))

    def test_customers_action_opens_partners(self):
        action = self.env.ref("crm_smart_base.res_partner_action_customers")
        self.assertEqual(action.res_model, "res.partner")
        self.assertIn(self.customer, self.env["res.partner"].with_user(self.user_smart).search(
            [("id", "=", self.customer.id)]))
