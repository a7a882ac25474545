import base64
import io
import itertools

import qrcode
from lxml import html
from PIL import Image
from reportlab.graphics.barcode.code128 import _patterns as CODE128_PATTERNS

from odoo.tests import HttpCase, new_test_user, tagged

from .test_counter import ValuecardFrontCase

CODE128_WIDTHS = {
    tuple("AaBbCcDd".index(ch) // 2 + 1 for ch in pattern): code
    for code, pattern in CODE128_PATTERNS.items()
    if code != 106
}


def decode_code128(png):
    """Read back the text of a Code 128 barcode image (one pixel row through its middle)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    row = [image.getpixel((x, image.height // 2)) < 128 for x in range(image.width)]
    runs = []
    for dark in row[row.index(True): len(row) - row[::-1].index(True)]:
        if runs and runs[-1][0] == dark:
            runs[-1][1] += 1
        else:
            runs.append([dark, 1])
    # Round every edge (not every width) to the module grid: the widths then add up exactly.
    symbols = (len(runs) - 7) // 6
    module = sum(width for _dark, width in runs) / (11 * symbols + 13)
    edges, position = [0], 0
    for _dark, width in runs:
        position += width
        edges.append(round(position / module))
    widths = [b - a for a, b in itertools.pairwise(edges)]
    codes = [CODE128_WIDTHS[tuple(widths[i:i + 6])] for i in range(0, 6 * symbols, 6)]
    start, *data, check = codes
    assert (start + sum(i * c for i, c in enumerate(data, 1))) % 103 == check, "bad checksum"
    charset = {103: "A", 104: "B", 105: "C"}[start]
    text = ""
    for code in data:
        if code in (99, 100, 101) and not (charset == "C" and code == 99):
            charset = {99: "C", 100: "B", 101: "A"}[code]
        elif charset == "C":
            text += "%02d" % code
        elif charset == "B":
            text += chr(code + 32)
        else:
            text += chr(code + 32) if code < 64 else chr(code - 64)
    return text


def qr_png(text):
    stream = io.BytesIO()
    qrcode.make(text, box_size=8, border=4).save(stream, format="PNG")
    return stream.getvalue()


def image_bytes(page, css_class):
    src = page.xpath("//img[contains(@class, '%s')]/@src" % css_class)[0]
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix), src[:40]
    return base64.b64decode(src[len(prefix):])


@tagged("post_install", "-at_install")
class TestPortal(ValuecardFrontCase, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_sato.charge(amount=12000, reference="C-1")
        cls.card_sato.pay(amount=2500, reference="P-1")

    def _get(self, url, status=200):
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, url)
        return response

    def test_home_counts_my_cards(self):
        self.authenticate("vc_sato", "vc_sato")
        self.assertIn("/my/valuecards", self._get("/my/home").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["valuecard_count"]})
        self.assertEqual(counters["valuecard_count"], 1)
        page = html.fromstring(self._get("/my/valuecards").text)
        links = page.xpath("//a[contains(@class, 'o_valuecard_portal_card')]/@href")
        self.assertEqual(links, ["/my/valuecards/%s" % self.card_sato.id])

    def test_home_tile_has_a_pictogram_like_odoos(self):
        self.authenticate("vc_sato", "vc_sato")
        page = html.fromstring(self._get("/my/home").text)
        [src] = page.xpath("//a[@href='/my/valuecards']//div[contains(@class, 'o_portal_icon')]/img/@src")
        self.assertEqual(src, "/crm_valuecard/static/src/img/portal-valuecard.svg")
        # Odoo's own tiles use 64 × 64 pictograms; the 256 px app icon squeezed the text
        self.assertIn('width="64" height="64"', self._get(src).text)

    def test_own_member_card(self):
        self.authenticate("vc_sato", "vc_sato")
        response = self._get("/my/valuecards/%s" % self.card_sato.id)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        page = html.fromstring(response.text)
        self.assertEqual(page.xpath("string(//*[contains(@class, 'o_valuecard_member_number')])"),
                         self.card_sato.number)
        paid = page.xpath("string(//*[contains(@class, 'o_valuecard_balance_paid')])")
        self.assertIn("9,500", paid)
        history = page.xpath("//ul[contains(@class, 'o_valuecard_member_history')]/li/@data-kind")
        self.assertEqual(history, ["payment", "charge"])
        lots = page.xpath("//ul[contains(@class, 'o_valuecard_member_lots')]/li")
        self.assertEqual(len(lots), 1)
        self.assertIn("9,500", lots[0].text_content())

    def test_codes_carry_the_signed_token_not_the_number(self):
        self.authenticate("vc_sato", "vc_sato")
        page = html.fromstring(self._get("/my/valuecards/%s" % self.card_sato.id).text)
        token = self.card_sato._get_member_token()
        self.assertNotEqual(token, self.card_sato.number)
        self.assertEqual(self.env["valuecard.card"].lookup(token), self.card_sato)
        qr = image_bytes(page, "o_valuecard_member_qr")
        self.assertEqual(qr, qr_png(token))
        self.assertNotEqual(qr, qr_png(self.card_sato.number))
        self.assertEqual(decode_code128(image_bytes(page, "o_valuecard_member_barcode")), token)

    def test_no_codes_for_a_card_that_cannot_pay(self):
        self.card_sato.action_report_lost()
        self.authenticate("vc_sato", "vc_sato")
        page = html.fromstring(self._get("/my/valuecards/%s" % self.card_sato.id).text)
        self.assertFalse(page.xpath("//img[contains(@class, 'o_valuecard_member_qr')]"))
        self.assertFalse(page.xpath("//img[contains(@class, 'o_valuecard_member_barcode')]"))
        self.assertTrue(page.xpath("//*[contains(@class, 'o_valuecard_member_inactive')]"))
        self.assertEqual(page.xpath("//ul[contains(@class, 'o_valuecard_member_history')]/li/@data-kind"),
                         ["payment", "charge"])

    def test_other_customers_card_refused(self):
        self.authenticate("vc_suzuki", "vc_suzuki")
        response = self._get("/my/valuecards/%s" % self.card_sato.id, status=404)
        self.assertNotIn(self.card_sato.number, response.text)
        self.assertEqual(self.make_jsonrpc_request("/my/counters", {"counters": ["valuecard_count"]}),
                         {"valuecard_count": 1})
        page = html.fromstring(self._get("/my/valuecards").text)
        self.assertEqual(page.xpath("//a[contains(@class, 'o_valuecard_portal_card')]/@href"),
                         ["/my/valuecards/%s" % self.card_suzuki.id])
        self._get("/my/valuecards/%s" % (self.card_suzuki.id + 1000), status=404)

    def test_company_contact_sees_company_card(self):
        company = self.env["res.partner"].create({"name": "株式会社さくら商事", "is_company": True})
        self.user_suzuki.partner_id.parent_id = company
        company_card = self._new_card(company)
        self.authenticate("vc_suzuki", "vc_suzuki")
        self._get("/my/valuecards/%s" % company_card.id)
        other = new_test_user(self.env, login="vc_tanaka", name="田中 次郎", groups="base.group_portal")
        self.authenticate(other.login, other.login)
        self._get("/my/valuecards/%s" % company_card.id, status=404)

    def test_access_token(self):
        self.card_sato._portal_ensure_token()
        url = "/my/valuecards/%s" % self.card_sato.id
        self.assertEqual(self.card_sato.access_url, url)
        response = self._get("%s?access_token=%s" % (url, self.card_sato.access_token))
        self.assertIn(self.card_sato.number, response.text)
        self._get("%s?access_token=%s" % (url, "x" * len(self.card_sato.access_token)), status=404)
        self._get("%s?access_token=%s" % (url, self.card_suzuki._portal_ensure_token()), status=404)
        login = self._get(url, status=303)
        self.assertIn("/web/login", login.headers["Location"])
