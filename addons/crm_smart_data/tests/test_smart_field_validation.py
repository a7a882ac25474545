import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SmartFieldCase


@tagged("post_install", "-at_install")
class TestSmartFieldValidation(SmartFieldCase):

    def test_bad_labels_are_refused(self):
        self.create_field("Nickname")
        before = self.env["smart.field"].search_count([])
        bad = {
            "empty": "   ",
            "too long": "x" * 61,
            "duplicate": "Nickname",
            "label of an Odoo field": "Email",
        }
        for case, label in bad.items():
            with self.subTest(case=case), self.assertRaises(ValidationError):
                self.create_field(label)
        self.assertEqual(self.env["smart.field"].search_count([]), before)
        other = self.create_field("Other")
        with self.assertRaises(ValidationError):
            other.label = "Nickname"
        self.assertEqual(other.label, "Other")

    def test_invisible_characters_and_line_breaks_leave_labels(self):
        self.create_field("Name Kana")
        for label in ("Name\u200b Kana", "Na\u200bme Kana", "Name\u202e Kana", "Name\n Kana", "Ｎａｍｅ　Ｋａｎａ",
                      "Name\x07 Kana", "\u200b\u2060"):
            with self.subTest(label=label), self.assertRaises(ValidationError):
                self.create_field(label)
        field = self.create_field("Visit\r\n\tShop\u200d\ufeff")
        self.assertEqual(field.label, "Visit Shop")
        field.label = "Ｖｉｓｉｔ\u202eＳｈｏｐ "
        self.assertEqual(field.label, "VisitShop")
        rank = self.create_field("Loyalty Tier", "selection", choices=["Gold", "Silver"])
        with self.assertRaises(ValidationError):
            rank.choice_ids[1].label = "Go\u200bld"
        rank.choice_ids[1].label = "Sil\u200bver\n"
        self.assertEqual(rank.choice_ids[1].label, "Silver")
        with self.assertRaises(ValidationError):
            rank.choice_ids[1].label = "\u200b"

    def test_bad_defaults_are_refused(self):
        before = self.env["smart.field"].search_count([])
        cases = [
            ("integer", "twelve"), ("float", "1.2.3"), ("date", "2026-13-40"), ("datetime", "tomorrow"),
            ("boolean", "maybe"), ("email", "not-an-email"), ("phone", "12"), ("tags", "A"),
            ("partner", "1"), ("char", "x" * 256),
        ]
        for index, (field_type, default) in enumerate(cases):
            with self.subTest(field_type=field_type), self.assertRaises(ValidationError):
                self.create_field(f"Bad {index}", field_type, default_value=default,
                                  choices=["A"] if field_type == "tags" else None)
        with self.assertRaises(ValidationError):
            self.create_field("Loyalty Rank", "selection", choices=["Gold"], default_value="Platinum")
        self.assertEqual(self.env["smart.field"].search_count([]), before)
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold"], default_value="Gold")
        self.assertEqual(self.Partner.default_get([rank.name])[rank.name], rank.choice_ids.id)
        visits = self.create_field("Visits", "integer", default_value="3")
        self.assertEqual(self.Partner.create({"name": "新規"})[visits.name], 3)
        with self.assertRaises(ValidationError):
            visits.default_value = "three"
        self.assertEqual(visits.default_value, "3")

    def test_required_field_needs_default_for_existing_records(self):
        before = self.env["smart.field"].search_count([])
        with self.assertRefused(ValidationError, "default value"):
            self.create_field("Store", required=True)
        self.assertEqual(self.env["smart.field"].search_count([]), before)
        store = self.create_field("Store", required=True, default_value="本店")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[store.name], "本店")
        self.assertFalse(self.Partner.with_context(active_test=False).search_count([(store.name, "=", False)]))
        self.assertTrue(self.Partner._fields[store.name].required)
        later = self.create_field("Area")
        with self.assertRaises(ValidationError):
            later.required = True
        later.write({"required": True, "default_value": "東京"})
        self.assertEqual(self.customer[later.name], "東京")

    def test_phone_is_validated_and_stored_in_e164(self):
        phone = self.create_field("Mobile", "phone")
        self.customer[phone.name] = "090-1234-5678"
        self.assertEqual(self.customer[phone.name], "+819012345678")
        self.assertEqual(self.env["smart.field"]._phone_national(self.customer[phone.name]), "090-1234-5678")
        self.assertEqual(self.env["smart.field"]._phone_national("+33612345678"), "+33 6 12 34 56 78")
        self.assertEqual(self.env["smart.field"].with_user(self.user_smart).format_phone_national(
            ["+81312345678", ""]), ["03-1234-5678", ""])
        form = self.Partner.get_view(self.env.ref("base.view_partner_form").id)["arch"]
        self.assertIn(f'name="{phone.name}" widget="smart_phone"', form)
        listing = self.Partner.get_view(self.env.ref("base.view_partner_tree").id)["arch"]
        self.assertIn(f'name="{phone.name}" optional="hide" widget="smart_phone"', listing)
        partner = self.Partner.create({"name": "電話 太郎", phone.name: "+81 3 1234 5678"})
        self.assertEqual(partner[phone.name], "+81312345678")
        for bad in ("123", "090-1234", "phone"):
            with self.subTest(bad=bad), self.assertRefused(ValidationError, "not a valid phone number"):
                self.customer.write({phone.name: bad, "name": "changed"})
        self.customer.invalidate_recordset()
        self.assertEqual((self.customer.name, self.customer[phone.name]), ("テスト 顧客", "+819012345678"))
        with self.assertRaises(ValidationError):
            self.Partner.create({"name": "作成されない", phone.name: "0"})
        self.assertFalse(self.Partner.search([("name", "=", "作成されない")]))

    def test_phone_default_region_is_company_country(self):
        phone = self.create_field("Mobile", "phone")
        self.env.company.country_id = self.env.ref("base.us")
        self.customer[phone.name] = "(650) 253-0000"
        self.assertEqual(self.customer[phone.name], "+16502530000")
        self.env.company.country_id = False
        self.customer[phone.name] = "03-1234-5678"
        self.assertEqual(self.customer[phone.name], "+81312345678")

    def test_email_is_validated_and_normalised(self):
        email = self.create_field("Work Email", "email")
        self.customer[email.name] = "  Taro.Yamada@Example.JP "
        self.assertEqual(self.customer[email.name], "taro.yamada@example.jp")
        for bad in ("taro", "taro@", "a@b@c", "Taro <taro@example.jp>"):
            with self.subTest(bad=bad), self.assertRefused(ValidationError, "not a valid email"):
                self.customer[email.name] = bad
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[email.name], "taro.yamada@example.jp")
        self.customer[email.name] = False
        self.assertFalse(self.customer[email.name])

    def test_url_gets_a_scheme(self):
        url = self.create_field("Instagram", "url")
        self.customer[url.name] = "instagram.com/sakura"
        self.assertEqual(self.customer[url.name], "https://instagram.com/sakura")

    def test_url_with_spaces_is_refused(self):
        url = self.create_field("Instagram", "url")
        with self.assertRefused(ValidationError, "not a valid URL for Instagram"):
            self.customer[url.name] = "instagram sakura"

    def test_defaults_follow_the_upload_rules(self):
        """Defaults are read as uploaded cells are: full-width digits, Japanese dates, yes/no words."""
        cases = [("integer", "１，２００", 1200), ("float", "¥1,500", 1500.0), ("boolean", "○", True),
                 ("date", "令和6年4月1日", datetime.date(2024, 4, 1)), ("email", " Info@Example.JP ", "info@example.jp")]
        for index, (field_type, default, expected) in enumerate(cases):
            with self.subTest(field_type=field_type):
                field = self.create_field(f"Default {index}", field_type, default_value=default)
                self.assertEqual(self.Partner.new({"name": "新規"})[field.name], expected)

    def test_structural_changes_are_refused(self):
        nickname = self.create_field("Nickname")
        with self.assertRaises(UserError):
            nickname.field_type = "text"
        with self.assertRaises(UserError):
            nickname.write({"name": "x_other"})
        with self.assertRaises(UserError):
            nickname.model_id = self.env["ir.model"]._get("res.users")
        with self.assertRaises(ValidationError):
            self.create_field("Linked", "record")
        with self.assertRaises(ValidationError):
            self.create_field("Linked", "record", target_model_id=self.env["ir.model"]._get("ir.config_parameter").id)
        with self.assertRaises(ValidationError):
            self.create_field("Users", model_id=self.env["ir.model"]._get("res.users").id)
        self.assertEqual((nickname.field_type, nickname.name), ("char", "x_nickname"))
