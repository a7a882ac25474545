from odoo.tests import new_test_user, tagged

from .japanese_tour import JapaneseTourCase, smart_english_terms


@tagged("post_install", "-at_install")
class TestEnglishWatch(JapaneseTourCase):

    def test_terms(self):
        terms = smart_english_terms(self.env)
        self.assertIn("Rejected rows", terms["exact"], "a label only Smart CRM uses")
        self.assertIn("is a date that does not exist", terms["phrases"], "the fixed part of a message")
        self.assertNotIn("Created by", terms["exact"], "core Odoo's English is not ours to judge")
        self.assertNotIn("ID", terms["exact"], "a term core Odoo also uses")

    def test_watch_reports_english(self):
        user = new_test_user(self.env, login="smart_ja_watch", lang="ja_JP",
                             groups="crm_smart_base.group_smart_user")
        self.start_japanese_tour("/odoo", "crm_smart_base_english_watch_tour", login=user.login)
