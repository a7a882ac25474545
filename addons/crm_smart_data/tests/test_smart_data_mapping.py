import base64

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_data import SmartDataCase


@tagged("at_install", "-post_install")
class TestSmartDataMapping(SmartDataCase):
    """Columns mapped by label, technical name or alias; the last mapping of
    a set of headers remembered; a template to fill in; the wizard's reload."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.database = cls.create_database("来場者（対応表）", partner_link=True)
        cls.rank = cls.add_field("会員ランク", "selection", cls.database, choices=["ゴールド会員", "一般"])
        cls.visits = cls.add_field("来店回数", "integer", cls.database)
        cls.Model = cls.env[cls.database.model]
        cls.Partner = cls.env["res.partner"]

    def wizard(self, rows, user=None):
        return self.env["smart.import.wizard"].with_user(user or self.user_manager).create({
            "model_id": self.database.model_id.id, "file": base64.b64encode(self.xlsx(rows)), "filename": "v.xlsx"})

    def test_japanese_headers_map_to_the_name_and_the_customer_in_any_language(self):
        for lang in ("en_US", "ja_JP"):
            with self.subTest(lang=lang):
                guess = self.io.with_context(lang=lang)._guess_mapping
                for header in ("氏名", "名前", "お名前", "\u3000お名前 "):
                    self.assertEqual(guess(self.Partner, [header]), {0: "name"})
                    self.assertEqual(guess(self.Model, [header]), {0: "x_name"})
                self.assertEqual(guess(self.Model, ["顧客", "会員ランク"]), {0: "x_partner_id", 1: self.rank.name})
                self.assertEqual(guess(self.Model, ["名称", "Customer"]), {0: "x_name", 1: "x_partner_id"})
        # a label wins over an alias, and a column maps to one field only
        self.assertEqual(self.io._guess_mapping(self.Model, ["Name", "氏名"]), {0: "x_name"})

    def test_administrators_add_aliases_to_any_field(self):
        Alias = self.env["smart.field.alias"]
        self.assertEqual(self.io._guess_mapping(self.Model, ["ランク"]), {})
        Alias.with_user(self.user_admin).create({"name": "ランク", "model_id": self.database.model_id.id,
                                                 "field_name": self.rank.name})
        Alias.with_user(self.user_admin).create({"name": "ご来店回数", "field_name": self.visits.name})
        self.assertEqual(self.io._guess_mapping(self.Model, ["ランク", "ご来店回数"]),
                         {0: self.rank.name, 1: self.visits.name})
        with self.assertRaises(AccessError):
            Alias.with_user(self.user_manager).create({"name": "等級", "field_name": self.rank.name})
        with self.assertRaisesRegex(ValidationError, "has no field x_nope"):
            Alias.with_user(self.user_admin).create({"name": "謎", "model_id": self.database.model_id.id,
                                                     "field_name": "x_nope"})
        with self.assertRaisesRegex(ValidationError, "already an alias of another field"):
            Alias.with_user(self.user_admin).create({"name": "ランク", "model_id": self.database.model_id.id,
                                                     "field_name": self.visits.name})

    def test_last_mapping_is_remembered_per_target_and_headers(self):
        rows = [["列A", "列B"], ["山田", "3"]]
        wizard = self.wizard(rows)
        wizard.action_load()
        self.assertFalse(wizard.column_ids.field_id, "nothing is guessed from these headers")
        fields_ = {f.name: f for f in self.env["ir.model.fields"].search([("model", "=", self.database.model)])}
        wizard.column_ids[0].field_id = fields_["x_name"]
        wizard.column_ids[1].field_id = fields_[self.visits.name]
        wizard.action_import()
        again = self.wizard(rows)
        again.action_load()
        self.assertEqual(again.column_ids.mapped("field_id.name"), ["x_name", self.visits.name])
        other_headers = self.wizard([["列A", "列C"], ["山田", "3"]])
        other_headers.action_load()
        self.assertFalse(other_headers.column_ids.field_id, "another set of headers is another mapping")

    def test_reload_keeps_a_manual_mapping_and_clears_stale_results(self):
        wizard = self.wizard([["Visitor name", "回数"], ["山田", "x"]])
        wizard.action_load()
        visits = self.env["ir.model.fields"]._get(self.database.model, self.visits.name)
        name = self.env["ir.model.fields"]._get(self.database.model, "x_name")
        wizard.column_ids[0].field_id = name
        wizard.column_ids[1].field_id = visits
        wizard.action_import()
        self.assertTrue(wizard.error_html)
        # the same headers with corrected rows: the mapping stays, the old errors go
        wizard.file = base64.b64encode(self.xlsx([["Visitor name", "回数"], ["山田", "3"]]))
        wizard.action_load()
        self.assertEqual(wizard.column_ids.mapped("field_id"), name | visits)
        self.assertFalse(wizard.error_html)
        self.assertEqual((wizard.created_count, wizard.rejected_count), (0, 0))
        # other headers: mapped afresh
        wizard.file = base64.b64encode(self.xlsx([["名前", "メモ"], ["山田", "x"]]))
        wizard.action_load()
        self.assertEqual(wizard.column_ids.mapped("field_id.name"), ["x_name"])

    def test_results_cleared_on_any_change(self):
        wizard = self.wizard([["Name", "来店回数"], ["山田", "x"]])
        wizard.action_load()
        wizard.action_import()
        self.assertTrue(wizard.error_html)
        wizard.mode = "valid"
        wizard._onchange_clear_results()
        self.assertFalse(wizard.error_html)

    def test_template_lists_the_columns_and_what_they_take(self):
        content = base64.b64decode(self.io.template_xlsx(self.database.model))
        book = self.read_xlsx(content)
        columns, about = book.worksheets
        headers = [cell.value for cell in columns[1]]
        self.assertEqual(headers[0], "Name", "required columns first")
        self.assertIn("会員ランク", headers)
        self.assertIn("Customer", headers)
        self.assertIn("来店回数", headers)
        self.assertNotIn("Active", headers)
        rows = {row[0]: row for row in about.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows["会員ランク"][1:], (self.rank.name, "Single choice", None, "ゴールド会員、一般"))
        self.assertEqual(rows["Name"][3], "Yes")
        self.assertEqual(rows["来店回数"][2], "Whole number")
        self.assertEqual(rows["Customer"][2], "Link to a customer")
        partner_book = self.read_xlsx(base64.b64decode(self.io.template_xlsx("res.partner")))
        self.assertEqual(partner_book.worksheets[0]["A1"].value, "Name")
        # the wizard offers it
        wizard = self.env["smart.import.wizard"].with_user(self.user_manager).create(
            {"model_id": self.database.model_id.id})
        action = wizard.action_download_template()
        self.assertIn("template_file", action["url"])
        self.assertEqual(self.read_xlsx(base64.b64decode(wizard.template_file)).worksheets[0]["A1"].value, "Name")
