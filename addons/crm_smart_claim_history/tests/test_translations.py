from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_smart_base.tests.common import untranslated_terms


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):

    def test_japanese_translation_complete(self):
        missing = untranslated_terms(self.env, "crm_smart_claim_history")
        self.assertFalse(missing, "crm_smart_claim_history/i18n/ja.po lacks translations for: %s" % missing)
