from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_counter import ValuecardFrontCase
from .test_portal import image_bytes, qr_png
from .test_receipt import RECEIPT, RECEIPT_XPATH


class MemberCodeCase(ValuecardFrontCase):

    def assertCodeRefused(self, code):
        """``code`` opens the card nowhere a code is read: lookup and counter."""
        for user in (self.env.user, self.user_terminal):
            Card = self.env["valuecard.card"].with_user(user)
            with self.subTest(user=user.login, code=code), self.assertRaises(UserError):
                Card.lookup(code)
            with self.subTest(user=user.login, code=code), self.assertRaises(UserError):
                Card.counter_lookup(code)
        self.assertFalse(self.env["valuecard.card"]._from_member_token(code))


@tagged("post_install", "-at_install")
class TestMemberCodeRenewal(MemberCodeCase, HttpCase):

    def _renew_url(self, card):
        return "/my/valuecards/%s/renew" % card.id

    def test_owner_renews_from_the_portal(self):
        old = self.card_sato._get_member_token()
        self.authenticate("vc_sato", "vc_sato")
        page = html.fromstring(self.url_open("/my/valuecards/%s" % self.card_sato.id).text)
        self.assertEqual(page.xpath("//form[contains(@class, 'o_valuecard_member_renew')]/@action"),
                         [self._renew_url(self.card_sato)])
        response = self.url_open(self._renew_url(self.card_sato), data={"csrf_token": Request.csrf_token(self)},
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        new = self.card_sato._get_member_token()
        self.assertNotEqual(new, old)
        self.assertCodeRefused(old)
        self.assertEqual(self.env["valuecard.card"].with_user(self.user_terminal).counter_lookup(new)["id"],
                         self.card_sato.id)
        # the phone shows the new code at once
        page = html.fromstring(self.url_open(response.headers["Location"]).text)
        self.assertEqual(image_bytes(page, "o_valuecard_member_qr"), qr_png(new))
        self.assertTrue(page.xpath("//*[contains(@class, 'o_valuecard_member_renewed')]"))
        # the chatter says it happened, never which code
        message = self.card_sato.message_ids[:1]
        # in the language of the visitor's request
        self.assertTrue(any(text in message.body for text in ("renewed by the customer on the portal",
                                                               "お客様がポータルで再発行")), message.body)
        for token in (old, new, old.rsplit("-", 1)[1], new.rsplit("-", 1)[1]):
            self.assertNotIn(token, message.body)

    def test_renewal_needs_the_owner_a_post_and_its_csrf_token(self):
        token = self.card_sato._get_member_token()
        self.authenticate("vc_sato", "vc_sato")
        self.assertEqual(self.url_open(self._renew_url(self.card_sato)).status_code, 405, "GET is refused")
        with mute_logger("odoo.http"):
            response = self.url_open(self._renew_url(self.card_sato), data={"csrf_token": "forged"})
        self.assertEqual(response.status_code, 400)
        # another customer, even with a valid CSRF token of their own session
        self.authenticate("vc_suzuki", "vc_suzuki")
        response = self.url_open(self._renew_url(self.card_sato), data={"csrf_token": Request.csrf_token(self)},
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        # a visitor holding the card's link is no owner
        self.authenticate(None, None)
        link_token = self.card_sato._portal_ensure_token()
        response = self.url_open("%s?access_token=%s" % (self._renew_url(self.card_sato), link_token),
                                 data={"csrf_token": Request.csrf_token(self)}, allow_redirects=False)
        self.assertNotIn("/my/valuecards/%s" % self.card_sato.id, response.headers.get("Location", ""))
        self.assertEqual(self.card_sato._get_member_token(), token, "nobody but the owner renewed it")
        self.assertEqual(self.card_sato.access_token, link_token)

    def test_renewal_also_renews_the_card_link(self):
        link_token = self.card_sato._portal_ensure_token()
        self.card_sato.action_renew_member_code()
        url = "/my/valuecards/%s?access_token=%s" % (self.card_sato.id, link_token)
        self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 404)


@tagged("post_install", "-at_install")
class TestMemberCodeLost(MemberCodeCase):

    def test_a_lost_card_gets_a_new_code(self):
        old = self.card_sato._get_member_token()
        self.card_sato.action_report_lost()
        self.assertCodeRefused(old)
        self.assertIn("the card was reported lost", self.card_sato.message_ids[:1].body)
        self.assertNotIn(old.rsplit("-", 1)[1], self.card_sato.message_ids[:1].body)
        self.card_sato.action_reactivate()
        new = self.card_sato._get_member_token()
        self.assertEqual(self.env["valuecard.card"].lookup(new), self.card_sato)
        self.assertCodeRefused(old)

    def test_only_managers_renew_in_the_backend(self):
        token = self.card_sato._get_member_token()
        for user in (self.user_terminal, self.user_smart):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.card_sato.with_user(user).action_renew_member_code()
        self.assertEqual(self.card_sato._get_member_token(), token)
        self.card_sato.with_user(self.user_manager).action_renew_member_code()
        self.assertNotEqual(self.card_sato._get_member_token(), token)

    def test_the_nonce_is_the_operations_only(self):
        with self.assertRaisesRegex(UserError, "value card operations only"):
            self.card_sato.write({"member_nonce": "0" * 32})
        with self.assertRaisesRegex(UserError, "value card operations only"):
            self.new_card(member_nonce="0" * 32)
        self.assertNotEqual(self.card_sato.member_nonce, self.card_suzuki.member_nonce)


@tagged("post_install", "-at_install")
class TestReceiptCode(MemberCodeCase, HttpCase):
    """A receipt names its operation, never a way into the card."""

    def setUp(self):
        super().setUp()
        result = self.card_sato.charge(amount=12000, reference="R-CHARGE")
        self.entry = self.env["valuecard.entry"].browse(result["entry_ids"][0])
        content, _type = self.env["ir.actions.report"]._render_qweb_html(RECEIPT, result["entry_ids"])
        [self.receipt] = html.fromstring(content).xpath(RECEIPT_XPATH)
        self.code = self.receipt.xpath("string(.//*[contains(@class, 'o_valuecard_receipt_code')])").strip()

    def test_receipt_prints_its_own_code(self):
        self.assertEqual(self.code, self.entry.receipt_code)
        self.assertTrue(self.code.startswith("VCR-"))
        self.assertEqual(image_bytes(self.receipt, "o_valuecard_receipt_qr"), qr_png(self.code))
        printed = html.tostring(self.receipt, encoding="unicode")
        self.card_sato._portal_ensure_token()
        token = self.card_sato._get_member_token()
        for secret in (token, token.rsplit("-", 1)[1], self.card_sato.access_token, self.card_sato.number):
            self.assertNotIn(secret, printed)
        self.assertNotEqual(image_bytes(self.receipt, "o_valuecard_receipt_qr"), qr_png(token))

    def test_receipt_code_opens_nothing(self):
        self.assertCodeRefused(self.code)
        with self.assertRaisesRegex(UserError, "code of a receipt"):
            self.env["valuecard.card"].with_user(self.user_terminal).counter_lookup(self.code)
        # nor the member card page, as a link token
        response = self.url_open("/my/valuecards/%s?access_token=%s" % (self.card_sato.id, self.code),
                                 allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        # nor does it survive being turned into a member token
        signature = self.code.rsplit("-", 1)[1]
        self.assertCodeRefused("VCM-%s-%s" % (self.card_sato.id, signature))

    def test_staff_check_a_receipt_in_the_ledger(self):
        Entry = self.env["valuecard.entry"].with_user(self.user_smart)
        self.assertEqual(Entry.search([("receipt_code", "=", self.code)]), self.entry)
        self.assertEqual(Entry.search([("receipt_code", "ilike", self.code.lower())]), self.entry)
        number, signature = self.code.rsplit("-", 2)[1:]
        forged = "VCR-%s-%s" % (number, "0" * len(signature))
        other = "VCR-%s-%s" % (int(number) + 1, signature)
        for code in (forged, other, "VCR-x-y", "", self.card_sato._get_member_token()):
            with self.subTest(code=code):
                self.assertFalse(Entry.search([("receipt_code", "=", code)]))
