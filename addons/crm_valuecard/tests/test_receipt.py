import base64

from lxml import html

from odoo.tests import HttpCase, tagged

from .test_counter import ValuecardFrontCase
from .test_portal import qr_png

RECEIPT = "crm_valuecard.action_report_valuecard_receipt"
RECEIPT_XPATH = "//div[contains(concat(' ', @class, ' '), ' o_valuecard_receipt ')]"


@tagged("post_install", "-at_install")
class TestReceipt(ValuecardFrontCase):

    def _render(self, entry_ids):
        content, content_type = self.env["ir.actions.report"]._render_qweb_html(RECEIPT, entry_ids)
        self.assertEqual(content_type, "html")
        return html.fromstring(content)

    def _text(self, receipt, css_class):
        return receipt.xpath("string(.//*[contains(@class, '%s')])" % css_class).strip()

    def test_amount_in_japanese_words(self):
        report = self.env["report.crm_valuecard.report_valuecard_receipt"]
        for amount, words in (
            (12000, "一万二千円"),
            (1000, "千円"),
            (500, "五百円"),
            (10000, "一万円"),
            (1005000, "百万五千円"),
            (-3000, "三千円"),
            (120000000, "一億二千万円"),
        ):
            with self.subTest(amount=amount):
                self.assertEqual(report._amount_in_words(amount), words)

    def test_charge_and_payment_receipts(self):
        self.env["valuecard.rule"].create({
            "program_id": self.program.id,
            "name": "1万円で千円おまけ",
            "min_amount": 10000,
            "bonus_fixed": 1000,
        })
        charge = self.card_sato.charge(amount=12000, reference="R-CHARGE")
        payment = self.card_sato.pay(amount=3500, reference="R-PAY")
        page = self._render(charge["entry_ids"] + payment["entry_ids"])
        receipts = page.xpath(RECEIPT_XPATH)
        self.assertEqual(len(receipts), 2, "one receipt per operation, whatever its number of entries")
        number = self.card_sato.number
        for receipt in receipts:
            text = receipt.text_content()
            self.assertIn(self.company.name, self._text(receipt, "o_valuecard_receipt_shop"))
            self.assertEqual(self._text(receipt, "o_valuecard_receipt_number"), "*" * (len(number) - 4) + number[-4:])
            self.assertNotIn(number, text)
            qr = receipt.xpath(".//img[contains(@class, 'o_valuecard_receipt_qr')]/@src")[0]
            code = self._text(receipt, "o_valuecard_receipt_code")
            self.assertTrue(code.startswith("VCR-"), "the receipt's own code, not the member token")
            self.assertEqual(base64.b64decode(qr.split(",", 1)[1]), qr_png(code))
        charge_receipt, payment_receipt = receipts
        self.assertEqual(self._text(charge_receipt, "o_valuecard_receipt_kind"), "Charge")
        self.assertIn("12,000", self._text(charge_receipt, "o_valuecard_receipt_amount"))
        self.assertEqual(self._text(charge_receipt, "o_valuecard_receipt_amount_words"), "一万二千円")
        self.assertIn("12,000", self._text(charge_receipt, "o_valuecard_receipt_balance_paid"))
        self.assertIn("1,000", self._text(charge_receipt, "o_valuecard_receipt_balance_bonus"))
        # Bonus value is spent first (the default spend order): 1,000 bonus + 2,500 paid.
        self.assertEqual(self._text(payment_receipt, "o_valuecard_receipt_kind"), "Payment")
        self.assertEqual(self._text(payment_receipt, "o_valuecard_receipt_amount_words"), "三千五百円")
        self.assertIn("9,500", self._text(payment_receipt, "o_valuecard_receipt_balance_paid"))
        self.assertIn("0", self._text(payment_receipt, "o_valuecard_receipt_balance_bonus"))

    def test_refund_and_points_receipts(self):
        self.card_sato.charge(amount=5000, reference="R-CHARGE")
        self.card_sato.pay(amount=2000, reference="R-PAY")
        refund = self.card_sato.refund(reference="R-PAY")
        earned = self.card_sato.earn_points(amount_spent=2000, reference="R-POINTS")
        refund_receipt, points_receipt = self._render(refund["entry_ids"] + earned["entry_ids"]).xpath(
            RECEIPT_XPATH
        )
        self.assertEqual(self._text(refund_receipt, "o_valuecard_receipt_amount_words"), "二千円")
        self.assertIn("5,000", self._text(refund_receipt, "o_valuecard_receipt_balance_paid"))
        self.assertFalse(points_receipt.xpath(".//*[contains(@class, 'o_valuecard_receipt_amount_words')]"))
        self.assertEqual(self._text(points_receipt, "o_valuecard_receipt_points"), "20")


@tagged("post_install", "-at_install")
class TestReceiptPrint(ValuecardFrontCase, HttpCase):

    def test_cashier_prints_receipt(self):
        result = self.card_sato.with_user(self.user_terminal).charge(amount=12000, reference="R-CHARGE")
        self.authenticate("vc_terminal", "vc_terminal")
        url = "/report/html/crm_valuecard.report_valuecard_receipt/%s" % ",".join(map(str, result["entry_ids"]))
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        receipts = html.fromstring(response.text).xpath(RECEIPT_XPATH)
        self.assertEqual(len(receipts), 1)
        self.assertIn("一万二千円", receipts[0].text_content())
        # a web page laid out for the 80 mm printer, printed by the browser: no PDF converter involved
        self.assertIn("@page { size: 80mm auto;", response.text)
        self.assertIn("Ctrl+P", html.fromstring(response.text).xpath(
            "//div[contains(@class, 'o_valuecard_receipt_hint')]")[0].text_content())
        html_report = self.env.ref("crm_valuecard.action_report_valuecard_receipt_html")
        self.assertEqual((html_report.report_type, html_report.binding_model_id.model), ("qweb-html", "valuecard.entry"))
        self.authenticate("vc_sato", "vc_sato")
        self.assertNotEqual(self.url_open(url).status_code, 200, "a customer cannot print receipts of the ledger")
