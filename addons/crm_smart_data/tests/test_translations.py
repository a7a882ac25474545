from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_smart_base.tests.common import untranslated_terms


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):

    def test_japanese_translation_complete(self):
        missing = untranslated_terms(self.env, "crm_smart_data")
        self.assertFalse(missing, "crm_smart_data/i18n/ja.po lacks translations for: %s" % missing)

    def test_generated_views_speak_each_users_language(self):
        """A database and a customer field added by an English-speaking administrator show their generated
        labels in Japanese to a Japanese user, and the other way round."""
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"].search([("name", "=", "crm_smart_data")])._update_translations("ja_JP")
        admins = {lang: new_test_user(self.env, login=f"views_admin_{lang}", lang=lang,
                                      groups="crm_smart_base.group_smart_admin") for lang in ("en_US", "ja_JP")}
        readers = {lang: new_test_user(self.env, login=f"views_reader_{lang}", lang=lang,
                                       groups="crm_smart_base.group_smart_manager") for lang in ("en_US", "ja_JP")}
        words = {
            "en_US": {"list": ["Upload"], "search": ["Any text"], "form": ["Details"]},
            "ja_JP": {"list": ["アップロード"], "search": ["すべてのテキスト"], "form": ["詳細"]},
        }
        for author in ("en_US", "ja_JP"):
            database = self.env["smart.database"].with_user(admins[author]).with_context(lang=author).create(
                {"name": f"Visits {author}", "partner_link": True})
            self.env["smart.field"].with_user(admins[author]).with_context(lang=author).create(
                {"label": "来店回数", "field_type": "integer", "model_id": database.model_id.id})
            for reader, expected in words.items():
                # as a request of that user would: in the user's language
                model = self.env[database.model].with_user(readers[reader]).with_context(lang=reader)
                for view_type, terms in expected.items():
                    arch = model.get_views([(False, view_type)])["views"][view_type]["arch"]
                    for term in terms:
                        self.assertIn(term, arch, f"{view_type} view generated in {author}, read in {reader}")
                    other = words["ja_JP" if reader == "en_US" else "en_US"][view_type]
                    for term in other:
                        self.assertNotIn(f'"{term}"', arch, f"{view_type} view generated in {author}, read in {reader}")
