from odoo.tests import tagged

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


@tagged("at_install", "-post_install")
class TestSurveyMenu(SmartCrmCase):

    def test_managers_run_surveys(self):
        self.assertTrue(self.user_manager.has_group("survey.group_survey_user"))
        self.assertFalse(self.user_smart.has_group("survey.group_survey_user"))
        menu = self.env.ref("crm_survey.menu_smart_surveys")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.user_manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.user_smart)._visible_menu_ids())
        survey = self.env["survey.survey"].with_user(self.user_manager).create({"title": "来店アンケート"})
        self.assertEqual(survey.user_id, self.user_manager)
