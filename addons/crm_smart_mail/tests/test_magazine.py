import re

from odoo.tests import HttpCase, tagged

from .common import SmartMailCase


class MagazineCase(SmartMailCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.magazine_list = cls.env["mailing.list"].create({"name": "店舗メルマガ"})
        cls.page = cls.env["smart.magazine.page"].create({
            "name": "スマート商店メルマガ",
            "list_id": cls.magazine_list.id,
            "wording": "スマート商店からのお知らせメールの受信に同意します。",
        })

    def _confirmation_mail(self, email):
        return self.env["mail.mail"].search([("email_to", "=", email)], order="id desc", limit=1)


@tagged("post_install", "-at_install")
class TestMagazineSignup(MagazineCase):

    def test_double_opt_in(self):
        Signup = self.env["smart.magazine.signup"]
        signup = Signup._request(self.page, " New.Reader@Example.JP ", "山田 花子")
        self.assertEqual((signup.email, signup.state), ("new.reader@example.jp", "pending"))
        # nothing is recorded before the link is opened
        self.assertFalse(self.env["res.partner"].search([("email_normalized", "=", "new.reader@example.jp")]))
        mail = self._confirmation_mail("new.reader@example.jp")
        self.assertIn("/smart/magazine/confirm/", mail.body_html)
        token = mail.body_html.split("/smart/magazine/confirm/")[1].split('"')[0]
        self.assertEqual(Signup._from_token(token), signup)
        partner = Signup._from_token(token)._confirm()
        self.assertEqual(partner.name, "山田 花子")
        self.assertEqual(partner.smart_consent_email, "given")
        consent = partner.smart_consent_ids
        self.assertEqual((consent.method, consent.wording), ("form", self.page.wording))
        self.assertEqual(self._members(self.magazine_list), partner)
        self.assertEqual(signup.state, "confirmed")
        # the link opened twice changes nothing
        signup._confirm()
        self.assertEqual(len(partner.smart_consent_ids), 1)

    def test_existing_customer_is_updated_not_duplicated(self):
        customer = self.no_consent
        self.env["mail.blacklist"]._add(customer.email)
        signup = self.env["smart.magazine.signup"]._request(self.page, customer.email)
        self.assertEqual(signup._confirm(), customer)
        self.assertEqual(customer.smart_consent_email, "given")
        self.assertFalse(customer.is_blacklisted)
        self.assertEqual(self.env["res.partner"].search_count([("email_normalized", "=", customer.email)]), 1)

    def test_tampered_or_foreign_token(self):
        Signup = self.env["smart.magazine.signup"]
        signup = Signup._request(self.page, "reader@example.jp")
        token = signup._get_confirm_url().rsplit("/", 1)[1]
        self.assertFalse(Signup._from_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")))
        self.assertFalse(Signup._from_token("not-a-token"))

    def test_no_flood_and_invalid_email(self):
        Signup = self.env["smart.magazine.signup"]
        self.assertTrue(Signup._request(self.page, "reader@example.jp"))
        self.assertFalse(Signup._request(self.page, "reader@example.jp"))
        self.assertFalse(Signup._request(self.page, "not an email"))
        self.assertEqual(self.env["mail.mail"].search_count([("email_to", "=", "reader@example.jp")]), 1)

    def test_qr_code_report(self):
        html = self.env["ir.actions.report"]._render_qweb_html(
            "crm_smart_mail.report_magazine_page_qr", self.page.ids)[0].decode()
        self.assertIn("data:image/png;base64,", html)
        self.assertIn(self.page.url, html)


@tagged("post_install", "-at_install")
class TestMagazinePage(HttpCase, MagazineCase):

    def test_public_page_same_answer(self):
        response = self.url_open(f"/smart/magazine/{self.page.slug}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.page.wording, response.text)
        self.assertIn("csrf_token", response.text)
        self.assertEqual(self.url_open("/smart/magazine/no-such-page").status_code, 404)
        answers = []
        for email in (self.consenting[0].email, "stranger@example.jp"):
            response = self.url_open(f"/smart/magazine/{self.page.slug}/subscribe",
                                     data={"email": email, "csrf_token": self._csrf_token()})
            self.assertEqual(response.status_code, 200)
            # the page carries a fresh CSRF token each time: compare everything else
            answers.append(re.sub(r"[0-9a-f]{40}o[0-9]*", "", response.text.replace(email, "")))
        self.assertEqual(answers[0], answers[1])
        # no CSRF token, no sign-up
        response = self.url_open(f"/smart/magazine/{self.page.slug}/subscribe", data={"email": "x@example.jp"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["smart.magazine.signup"].search([("email", "=", "x@example.jp")]))

    def test_confirm_link(self):
        signup = self.env["smart.magazine.signup"]._request(self.page, "link@example.jp")
        response = self.url_open(signup._get_confirm_url().split(self.page.get_base_url())[1])
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_smart_magazine_confirmed", response.text)
        self.assertEqual(signup.state, "confirmed")
        self.assertEqual(self.url_open("/smart/magazine/confirm/AAAA").status_code, 404)

    def _csrf_token(self):
        page = self.url_open(f"/smart/magazine/{self.page.slug}").text
        return page.split('name="csrf_token" value="')[1].split('"')[0]
