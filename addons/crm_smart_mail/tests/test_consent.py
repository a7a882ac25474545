from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SmartMailCase


@tagged("post_install", "-at_install")
class TestConsent(SmartMailCase):

    def test_history_is_append_only(self):
        consent = self.consenting[0].smart_consent_ids
        self.assertEqual(len(consent), 1)
        for user in (self.user_marketer, self.user_admin):
            with self.assertRaises(UserError):
                consent.with_user(user).write({"state": "withdrawn"})
            with self.assertRaises(AccessError):
                consent.with_user(user).unlink()
        with self.assertRaises(UserError):
            consent.sudo().write({"wording": "別の文言"})
        with self.assertRaises(UserError):
            consent.sudo().unlink()
        self.assertEqual(consent.wording, "店舗からのお知らせメールを受け取ります。")

    def test_current_consent_follows_the_latest_record(self):
        partner = self.consenting[0]
        self.assertEqual(partner.smart_consent_email, "given")
        self.assertEqual(partner.smart_consent_sms, "none")
        self.env["smart.consent"].with_user(self.user_smart).create({
            "partner_id": partner.id, "channel": "email", "state": "withdrawn", "method": "counter"})
        self.assertEqual(partner.smart_consent_email, "withdrawn")
        self.assertIn(partner, self.env["res.partner"].search([("smart_consent_email", "=", "withdrawn")]))
        self.assertEqual(partner.smart_consent_ids.sorted("id")[-1].user_id, self.user_smart)
        with self.assertRaises(UserError):
            partner.with_user(self.user_admin).write({"smart_consent_email": "given"})

    def test_import_names_its_file(self):
        with self.assertRaises(UserError):
            self.env["smart.consent"].create({"partner_id": self.no_consent.id, "method": "import"})
        consent = self.env["smart.consent"].create({"partner_id": self.no_consent.id, "method": "import",
                                                    "source_file_name": "会員名簿_2026.xlsx"})
        self.assertEqual(consent.source_file_name, "会員名簿_2026.xlsx")

    def test_excluded_recipients(self):
        """Without consent, opted out, blacklisted or bounced: never mailed."""
        mailing_list = self._dynamic_list()
        mailing_list.action_smart_refresh()
        opted_out, blacklisted, bounced = self.consenting
        self.env["mailing.subscription"].search([
            ("list_id", "=", mailing_list.id), ("contact_id.smart_partner_id", "=", opted_out.id)]).opt_out = True
        self.env["mail.blacklist"]._add(blacklisted.email)
        bounced.message_bounce = 1
        ok = self.env["res.partner"].create({"name": "送信可 顧客", "email": "ok@example.jp",
                                             "category_id": [self.tag.id]})
        self.env["smart.consent"]._record(ok, "given", "form", wording="同意します")
        mailing = self._mailing(mailing_list, use_exclusion_list=False)
        mailing.action_send_mail()
        self.assertEqual(self._mailed_partners(mailing), ok)
        mailing_list.invalidate_recordset()
        self.assertEqual(mailing_list.smart_consenting_count, 1)

    def test_customer_mailing_needs_consent(self):
        mailing = self.env["mailing.mailing"].create({
            "subject": "お知らせ",
            "body_html": "<p>こんにちは</p>",
            "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr([("id", "in", (self.consenting | self.no_consent).ids)]),
        })
        mailing.action_send_mail()
        self.assertEqual(self._mailed_partners(mailing), self.consenting)

    def test_no_consenting_recipient_is_refused(self):
        mailing_list = self.env["mailing.list"].create({
            "name": "同意なしリスト", "smart_dynamic": True,
            "smart_partner_domain": repr([("id", "=", self.no_consent.id)])})
        mailing = self._mailing(mailing_list)
        with self.assertRaisesRegex(UserError, "None of the 1 recipients"):
            mailing.with_user(self.user_marketer).action_launch()
        self.assertEqual(mailing.state, "draft")
        with self.assertRaisesRegex(UserError, "None of the 1 recipients"):
            mailing.action_send_mail()
        self.assertFalse(self._mailed_partners(mailing))

    def test_exception_list(self):
        mailing_list = self.env["mailing.list"].create({
            "name": "取引連絡", "smart_dynamic": True,
            "smart_partner_domain": repr([("id", "=", self.no_consent.id)])})
        with self.assertRaises(AccessError):
            mailing_list.with_user(self.user_marketer).smart_consent_exception = "transactional"
        with self.assertRaises(AccessError):
            mailing_list.with_user(self.user_manager).smart_consent_exception = "transactional"
        with self.assertRaises(AccessError):
            self.env["mailing.list"].with_user(self.user_marketer).create({
                "name": "例外", "smart_consent_exception": "relationship"})
        mailing_list.with_user(self.user_admin).smart_consent_exception = "transactional"
        mailing = self._mailing(mailing_list)
        mailing.with_user(self.user_marketer).action_send_mail()
        self.assertEqual(self._mailed_partners(mailing), self.no_consent)

    def test_sender_information_in_every_mailing(self):
        self.env.company.write({"name": "スマート商店", "zip": "150-0001", "city": "渋谷区",
                                "street": "神宮前1-2-3", "phone": "03-1234-5678"})
        mailing_list = self._dynamic_list()
        mailing = self._mailing(mailing_list)
        mailing.action_send_mail()
        mail = self.env["mail.mail"].search([("mailing_id", "=", mailing.id)], limit=1)
        self.assertIn("o_smart_sender_footer", mail.body_html)
        self.assertIn("スマート商店", mail.body_html)
        self.assertIn("〒150-0001", mail.body_html)
        self.assertIn("03-1234-5678", mail.body_html)
        # the placeholder that mass mailing turns into each recipient's own link
        self.assertIn("/unsubscribe_from_list", mail.body_html)

    def test_mail_these_customers(self):
        customers = self.consenting[:2]
        action = customers.with_user(self.user_marketer).action_smart_mail_customers()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(mailing.mailing_model_real, "res.partner")
        self.assertEqual(self.env["res.partner"].search(mailing._parse_mailing_domain()), customers)
        self.assertEqual(mailing.state, "draft")

    def test_blacklist_withdraws_consent(self):
        partner = self.consenting[0]
        self.env["mail.blacklist"]._add(partner.email)
        self.assertEqual(partner.smart_consent_email, "withdrawn")
        self.assertEqual(partner.smart_consent_ids.sorted("id")[-1].method, "unsubscribe")
        # a second blacklisting adds nothing
        self.env["mail.blacklist"]._add(partner.email)
        self.assertEqual(len(partner.smart_consent_ids), 2)
