from odoo.tests import HttpCase, tagged

from .common import SmartMailCase


@tagged("post_install", "-at_install")
class TestUnsubscribePage(HttpCase, SmartMailCase):
    """The unsubscribe pages speak Japanese and say who sends the mail."""

    def test_japanese_unsubscribe_page_with_sender(self):
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"]._load_module_terms(["crm_smart_mail"], ["ja_JP"], overwrite=True)
        self.env.company.write({"name": "スマート商店", "phone": "03-1234-5678", "email": "info@smart-shop.example.jp"})
        mailing_list = self._dynamic_list(is_public=True)
        mailing = self._mailing(mailing_list)
        mailing.action_send_mail()
        contact = self.env["mailing.contact"].search([("smart_partner_id", "=", self.consenting[0].id)])
        url = mailing._get_unsubscribe_url(contact.email, contact.id)
        response = self.url_open(url.replace(mailing.get_base_url(), "") + "&lang=ja_JP",
                                 headers={"Accept-Language": "ja"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("スマート商店", response.text)
        self.assertIn("03-1234-5678", response.text)
        self.assertIn("o_smart_sender_info", response.text)
        view = self.env.ref("mass_mailing.page_mailing_has_unsubscribed").with_context(lang="ja_JP")
        self.assertIn("配信を停止しました", view.arch_db)
