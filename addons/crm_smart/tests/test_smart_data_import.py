import datetime
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from ..tools import xlsx_stream
from .common_data import VISIT_MODEL, SmartDataCase

HEADER = ["Visitor", "Member code", "Amount", "Visit date", "Store", "First visit"]


@tagged("at_install", "-post_install")
class TestSmartDataImport(SmartDataCase):

    def test_columns_mapped_by_label(self):
        with self.allowed(VISIT_MODEL):
            mapping = self.io._guess_mapping(self.Visit, ["来店日", "Visitor", "amount", "x_store", "？"])
        self.assertEqual(mapping, {1: "x_name", 2: "x_amount", 3: "x_store"})

    def test_xlsx_all_valid_rows_written_through_sql(self):
        content = self.xlsx([
            HEADER,
            ["山田 太郎", "M001", 1200, datetime.datetime(2024, 4, 1), "渋谷店", "はい"],
            ["鈴木 花子", "M002", "１，５００", "令和6年4月2日", "umeda", "0"],
            ["高橋 健一", "M003", "800円", "2024年4月3日", "梅田店", "×"],
        ])
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, content, "visits.xlsx")
        self.assertEqual((result["created"], result["errors"]), (3, []))
        visits = self.Visit.search([], order="x_code")
        self.assertEqual(visits.mapped("x_amount"), [1200, 1500, 800])
        self.assertEqual(visits.mapped("x_visit_date"),
                         [datetime.date(2024, 4, d) for d in (1, 2, 3)])
        self.assertEqual(visits.mapped("x_store"), ["shibuya", "umeda", "umeda"])
        self.assertEqual(visits.mapped("x_first_visit"), [True, False, False])
        self.assertEqual(visits[0].create_uid, self.env.user)

    def test_all_or_nothing_writes_nothing_and_names_row_and_column(self):
        content = self.xlsx([
            HEADER,
            ["山田 太郎", "M001", 1200, "2024-04-01", "渋谷店", "1"],
            ["", "M002", "abc", "2024-13-45", "新宿店", "maybe"],
            ["高橋 健一", "M003", 800, "2024-04-03", "梅田店", "0"],
        ])
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, content, "visits.xlsx")
        self.assertEqual(result["created"], 0)
        self.assertFalse(self.Visit.search_count([]))
        errors = {(row, column) for row, column, _msg in result["errors"]}
        self.assertEqual(errors, {(3, "Visitor"), (3, "Amount"), (3, "Visit date"), (3, "Store"),
                                  (3, "First visit")})

    def test_valid_mode_writes_good_rows_and_returns_rejected_file(self):
        content = self.xlsx([
            HEADER,
            ["山田 太郎", "M001", 1200, "2024-04-01", "渋谷店", "1"],
            ["鈴木 花子", "M002", 1.5, "2024-04-02", "渋谷店", "1"],
        ])
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, content, "visits.xlsx", mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (1, 1))
        self.assertEqual(self.Visit.search([]).x_code, "M001")
        sheet = self.read_xlsx(result["rejected_file"]).active
        self.assertEqual(sheet.cell(2, 1).value, "鈴木 花子")
        self.assertIn("Amount", sheet.cell(2, len(HEADER) + 1).value)

    def test_csv_shift_jis_full_width_and_update_by_key(self):
        self.Visit.create({"x_name": "旧姓 花子", "x_code": "M002", "x_amount": 1})
        csv_text = "Visitor,Member code,Amount,Visit date\r\n鈴木　花子,M002,２０００,2024/4/2\r\n伊藤 美咲,M004,300,R6.4.5\r\n"
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, csv_text.encode("cp932"), "visits.csv", key_field="x_code")
        self.assertEqual((result["created"], result["updated"]), (1, 1))
        updated = self.Visit.search([("x_code", "=", "M002")])
        self.assertEqual(len(updated), 1)
        self.assertEqual((updated.x_name, updated.x_amount), ("鈴木 花子", 2000))
        self.assertEqual(self.Visit.search([("x_code", "=", "M004")]).x_visit_date, datetime.date(2024, 4, 5))

    def test_customers_go_through_the_orm(self):
        content = self.xlsx([["Name", "Email", "Customer"], ["川口 直人", "naoto@example.jp", ""]])
        result = self.io.import_file("res.partner", content, "customers.xlsx",
                                     mapping={0: "name", 1: "email"})
        self.assertEqual(result["created"], 1)
        partner = self.env["res.partner"].search([("email", "=", "naoto@example.jp")])
        self.assertEqual(partner.name, "川口 直人")
        self.assertTrue(partner.commercial_partner_id, "computed fields are maintained by the ORM")

    def test_refusals(self):
        with self.allowed(VISIT_MODEL):
            with self.assertRaises(UserError):
                self.io.import_file(VISIT_MODEL, b"not a zip", "visits.xlsx")
            with self.assertRaises(UserError):
                self.io.import_file(VISIT_MODEL, b"a,b", "visits.pdf")
            with self.assertRaises(UserError, msg="required column missing"):
                self.io.import_file(VISIT_MODEL, self.xlsx([["Amount"], [1]]), "visits.xlsx")
            with self.assertRaises(UserError, msg="key field must be mapped"):
                self.io.import_file(VISIT_MODEL, self.xlsx([["Visitor"], ["a"]]), "v.xlsx", key_field="x_code")
        with self.assertRaises(UserError, msg="models outside Smart CRM are refused"):
            self.io.import_file("res.users", self.xlsx([["Name"], ["x"]]), "u.xlsx")

    def test_user_without_create_right_is_refused(self):
        content = self.xlsx([["Visitor"], ["山田"]])
        with self.allowed(VISIT_MODEL), self.assertRaises(AccessError):
            self.io.with_user(self.user_smart).import_file(VISIT_MODEL, content, "v.xlsx")

    def test_wizard_maps_previews_and_reports_errors(self):
        content = self.xlsx([["Visitor", "Amount"], ["<script>alert(1)</script>", "x"]])
        with self.allowed(VISIT_MODEL):
            wizard = self.env["smart.import.wizard"].with_user(self.user_manager).create({
                "model_id": self.visit_model.id, "file": __import__("base64").b64encode(content),
                "filename": "v.xlsx"})
            wizard.action_load()
            self.assertEqual(wizard.state, "map")
            self.assertEqual(wizard.column_ids.mapped("field_id.name"), ["x_name", "x_amount"])
            self.assertNotIn("<script>", wizard.preview_html)
            self.assertIn("&lt;script&gt;", wizard.preview_html)
            wizard.action_import()
        self.assertEqual(wizard.state, "map", "an all-or-nothing upload with errors stays on the mapping step")
        self.assertIn("Amount", wizard.error_html)
        self.assertFalse(self.Visit.search_count([]))


@tagged("at_install", "-post_install")
class TestXlsxStream(SmartDataCase):

    def test_reader_agrees_with_openpyxl(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["a&b <x> \"q\"", 1, 2.5, True, datetime.datetime(2024, 4, 1, 9, 30), None, -3e-05])
        sheet["B3"] = "行3"
        sheet["AB4"] = "遠い列"
        sheet["A5"] = datetime.date(2023, 12, 31)
        sheet["A5"].number_format = "yyyy\"年\"m\"月\"d\"日\""
        sheet["B5"] = 45000
        sheet["B5"].number_format = "#,##0"
        buffer = io.BytesIO()
        book.save(buffer)
        ours = list(xlsx_stream.iter_rows(io.BytesIO(buffer.getvalue())))
        theirs = [list(row) for row in openpyxl.load_workbook(
            io.BytesIO(buffer.getvalue()), read_only=True, data_only=True).active.iter_rows(values_only=True)]

        def trim(row):
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            return row

        self.assertEqual([trim(r) for r in ours], [trim(r) for r in theirs])
        self.assertEqual(ours[4][:2], [datetime.datetime(2023, 12, 31), 45000])

    def test_reader_refuses_garbage(self):
        with self.allowed(VISIT_MODEL), self.assertRaises(UserError):
            self.io.import_file(VISIT_MODEL, b"PK\x03\x04 broken", "visits.xlsx")


@tagged("at_install", "-post_install")
class TestSmartDataImportCustomFields(SmartDataCase):

    def test_custom_fields_checked_like_the_designer(self):
        Field = self.env["smart.field"]
        phone = Field.create({"label": "携帯番号（取込）", "field_type": "phone"})
        rank = Field.create({"label": "ランク（取込）", "field_type": "selection", "choice_ids": [
            Command.create({"label": "ゴールド"}), Command.create({"label": "シルバー"})]})
        content = self.xlsx([
            ["Name", "携帯番号（取込）", "ランク（取込）"],
            ["取込 一郎", "０９０-１２３４-５６７８", "ゴールド"],
            ["取込 二郎", "12", "ブロンズ"],
        ])
        result = self.io.import_file("res.partner", content, "customers.xlsx", mode="valid",
                                     mapping={0: "name", 1: phone.name, 2: rank.name})
        self.assertEqual((result["created"], result["rejected_count"]), (1, 1))
        partner = self.env["res.partner"].search([("name", "=", "取込 一郎")])
        self.assertEqual(partner[phone.name], "+819012345678")
        self.assertEqual(partner[rank.name].label, "ゴールド")
        self.assertEqual({(row, col) for row, col, _msg in result["errors"]},
                         {(3, "携帯番号（取込）"), (3, "ランク（取込）")})
