from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_data import SmartDataCase


@tagged("at_install", "-post_install")
class TestSmartDatabaseValues(SmartDataCase):
    """Records of a database check and normalise their values as customers do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.database = cls.env["smart.database"].with_user(cls.user_admin).create(
            {"name": "問い合わせ"}).with_env(cls.env)
        Field = cls.env["smart.field"].with_user(cls.user_admin)
        model_id = cls.database.model_id.id
        cls.f_email = Field.create({"label": "メール", "field_type": "email", "model_id": model_id})
        cls.f_phone = Field.create({"label": "電話", "field_type": "phone", "model_id": model_id})
        cls.f_site = Field.create({"label": "サイト", "field_type": "url", "model_id": model_id})

    @property
    def Model(self):
        return self.env[self.database.model].with_user(self.user_smart)

    def test_database_models_get_the_custom_field_behaviour(self):
        self.assertIn("smart.field.target.mixin", self.env[self.database.model]._inherit)
        self.assertIn("smart_currency_id", self.Model._fields)

    def test_valid_values_are_normalised(self):
        record = self.Model.create({
            "x_name": "山田 太郎", self.f_email.name: " Taro@Example.JP ",
            self.f_phone.name: "090-1234-5678", self.f_site.name: "example.jp/contact",
        })
        self.assertEqual(record[self.f_email.name], "taro@example.jp")
        self.assertEqual(record[self.f_phone.name], "+819012345678")
        self.assertEqual(record[self.f_site.name], "https://example.jp/contact")
        record.write({self.f_phone.name: "０３－１２３４－５６７８", self.f_email.name: "ＨＡＮＡＫＯ＠example.jp"})
        self.assertEqual(record[self.f_phone.name], "+81312345678")
        self.assertEqual(record[self.f_email.name], "hanako@example.jp")
        record.write({self.f_phone.name: False})
        self.assertFalse(record[self.f_phone.name])

    def test_invalid_values_are_refused(self):
        cases = {
            self.f_email.name: ("not-an-email", "is not a valid email address for メール"),
            self.f_phone.name: ("12", "is not a valid phone number for 電話"),
            self.f_site.name: ("two words", "is not a valid URL for サイト"),
        }
        record = self.Model.create({"x_name": "佐藤 花子"})
        for fname, (value, message) in cases.items():
            with self.subTest(field=fname):
                with self.assertRaisesRegex(ValidationError, message):
                    self.Model.create({"x_name": "新規", fname: value})
                with self.assertRaisesRegex(ValidationError, message):
                    record.write({fname: value})
                self.assertFalse(record[fname])

    def test_money_uses_the_currency_of_the_record(self):
        money = self.env["smart.field"].with_user(self.user_admin).create(
            {"label": "金額", "field_type": "monetary", "model_id": self.database.model_id.id})
        self.assertEqual(money.sudo().field_id.currency_field, "x_currency_id")
