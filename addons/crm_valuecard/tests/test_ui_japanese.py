import re
from datetime import timedelta
from unittest.mock import patch

from lxml import etree as lxml_etree
from lxml import html

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..models import valuecard_coupon
from .common import ValuecardCase
from odoo.addons.crm_smart_base.tests.japanese_tour import JapaneseTourCase, smart_english_terms

SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "data-tooltip", "alt")


@tagged("post_install", "-at_install")
class TestValuecardJapaneseTours(ValuecardCase, JapaneseTourCase):
    """Counter staff and a portal customer walk the value card in Japanese: any
    English term of Smart CRM's own on their screens fails the tour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["valuecard.rule"].create({
            "program_id": cls.program.id, "name": "5,000円以上のチャージで500円プレゼント",
            "min_amount": 5000, "bonus_fixed": 500,
        })

    def assertNoSmartEnglish(self, page):
        """The page rendered on the server (``page``: HTML) shows none of the terms the
        browser tours' watch looks for, in its texts or in the attributes a user reads."""
        terms = smart_english_terms(self.env)
        exact = set(terms["exact"])
        tree = html.fromstring(page)
        for element in tree.iter(tag=lxml_etree.Element):
            texts = [element.tail] + [element.get(name) for name in SHOWN_ATTRIBUTES]
            if element.tag not in ("script", "style"):
                texts.append(element.text)
            for text in texts:
                value = re.sub(r"\s+", " ", text or "").strip().rstrip(":：").strip()
                if not re.search(r"[A-Za-z]{2}", value):
                    continue
                term = value if value in exact else next((p for p in terms["phrases"] if p in value), None)
                self.assertFalse(term, f"English shown to a Japanese user: {term!r} in {value!r}")

    def test_counter_in_japanese(self):
        """Counter staff find a card, see the bonus while typing the charge, charge, are
        refused a payment above the balance, pay with a coupon, refund after confirming
        what comes back to each balance, award points and use them; the receipts open
        beside the counter."""
        cashier = new_test_user(self.env, login="vc_ja_cashier", name="レジ 担当", lang="ja_JP",
                                groups="crm_valuecard.group_valuecard_terminal")
        partner = self.env["res.partner"].create({"name": "窓口 花子"})
        card = self.Card.create({"program_id": self.program.id, "partner_id": partner.id})
        # the code the tour scans: codes are drawn at random, and only managers may read them
        with patch.object(valuecard_coupon, "new_code", return_value="CP-KUPN-JA23-4567"):
            coupon = self.env["valuecard.coupon"].create({
                "name": "誕生日クーポン", "partner_id": partner.id, "discount_type": "fixed", "discount_value": 300,
                "date_to": fields.Date.today() + timedelta(days=30)})
        self.start_japanese_tour("/odoo", "crm_valuecard_counter_ja_tour", login=cashier.login, timeout=180)

        entries = card.entry_ids.sorted("sequence")
        self.assertEqual([(e.kind, e.amount_paid, e.amount_bonus, e.points) for e in entries], [
            ("charge", 5000, 0, 0), ("bonus", 0, 500, 0), ("payment", 0, -500, 0), ("payment", -700, 0, 0),
            ("refund", 700, 0, 0), ("refund", 0, 500, 0), ("points_earned", 0, 0, 12), ("points_redeemed", 0, 0, -5),
        ], "the refused payment and the refused use of points wrote nothing")
        self.assertEqual([e.reversed_entry_id for e in entries[4:6]], [entries[3], entries[2]])
        self.assertEqual(entries[1].reason, "5,000円以上のチャージで500円プレゼント")
        self.assertEqual((card.balance_paid, card.balance_bonus, card.points), (5000, 500, 7))
        self.assertEqual(entries.operator_id, cashier)
        self.assertEqual(set(entries.mapped("terminal")), {"新宿店 2番レジ"})
        self.assertIntegrity(card)
        self.assertEqual((coupon.state, coupon.purchase_amount, coupon.discount_amount), ("redeemed", 1500, 300))
        self.assertEqual(coupon.redeemed_entry_id, entries[2])

        # the receipt the counter opens in a tab of its own, as the cashier reads it
        self.authenticate(cashier.login, cashier.login)
        for first in entries[0] | entries[2] | entries[4] | entries[6] | entries[7]:
            operation = entries.filtered(lambda e, first=first: e.reference == first.reference)
            response = self.url_open("/report/html/crm_valuecard.report_valuecard_receipt/%s"
                                     % ",".join(map(str, operation.ids)))
            self.assertEqual(response.status_code, 200)
            self.assertIn(card.number[-4:], response.text)
            self.assertNoSmartEnglish(response.text)

    def test_portal_in_japanese(self):
        """A customer opens /my, the value-card tile and the card: member codes,
        balances, coupon, expiry and history in Japanese; they renew the member code;
        nothing of another customer shows."""
        customer = new_test_user(self.env, login="vc_ja_member", name="会員 花子", lang="ja_JP",
                                 groups="base.group_portal")
        card = self.Card.create({"program_id": self.program.id, "partner_id": customer.partner_id.id})
        card.charge(amount=5000, reference="C-1")
        card.pay(amount=200, reference="P-1")
        other = self.env["res.partner"].create({"name": "別の 顧客"})
        other_card = self.Card.create({"program_id": self.program.id, "partner_id": other.id})
        other_card.charge(amount=77777, reference="C-OTHER")
        date_to = fields.Date.today() + timedelta(days=30)
        Coupon = self.env["valuecard.coupon"]
        Coupon.create({"name": "誕生日クーポン", "partner_id": customer.partner_id.id,
                       "discount_type": "fixed", "discount_value": 300, "date_to": date_to})
        Coupon.create({"name": "他人のクーポン", "partner_id": other.id,
                       "discount_type": "fixed", "discount_value": 300, "date_to": date_to})
        token = card._get_member_token()
        self.start_japanese_tour("/my", "crm_valuecard_portal_ja_tour", login=customer.login, timeout=120)

        card.invalidate_recordset()
        self.assertNotEqual(card._get_member_token(), token, "the customer renewed the member code")
        with self.assertRaises(UserError):
            self.Card.lookup(token)

        self.authenticate(customer.login, customer.login)
        response = self.url_open("/my/valuecards/%s" % other_card.id)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(other_card.number, response.text)
