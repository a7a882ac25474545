from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import untranslated_terms


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):

    def test_japanese_translation_complete(self):
        missing = untranslated_terms(self.env, "crm_smart_base")
        self.assertFalse(missing, "crm_smart_base/i18n/ja.po lacks translations for: %s" % missing)

    def test_users_languages_are_active(self):
        """The demo users work in Japanese: the demo data makes the language active, so that installing it
        from the Apps menu (without loading Japanese first) does not leave users on an inactive language."""
        active = {code for code, _name in self.env["res.lang"].get_installed()}
        users = self.env["res.users"].with_context(active_test=False).search([("lang", "!=", False)])
        self.assertFalse({user.login: user.lang for user in users if user.lang not in active})
        if self.env.ref("crm_smart_base.res_partner_category_vip", raise_if_not_found=False):
            self.assertIn("ja_JP", active, "the demo data activates Japanese")
