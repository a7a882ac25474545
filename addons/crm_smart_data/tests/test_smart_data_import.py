import base64
import datetime
import io
import threading
import zipfile
from contextlib import contextmanager
from unittest.mock import patch

import openpyxl
import psycopg2
import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models.smart_data_upload import SmartDataUpload, id_ranges, ranges_domain
from ..tools import pg_copy, xlsx_reader
from ..tools.xlsx_reader import parts, shared_strings
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
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(content), "visits.xlsx")
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
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(content), "visits.xlsx")
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
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(content), "visits.xlsx", mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (1, 1))
        self.assertEqual(self.Visit.search([]).x_code, "M001")
        sheet = self.read_xlsx(base64.b64decode(result["rejected_file"])).active
        self.assertEqual((sheet.cell(1, 1).value, sheet.cell(2, 1).value), ("Sheet row", 3),
                         "the sheet row of a rejected row comes first")
        self.assertEqual(sheet.cell(2, 2).value, "鈴木 花子")
        self.assertIn("Amount", sheet.cell(2, len(HEADER) + 2).value)

    def test_infinite_and_out_of_range_numbers_are_rejected(self):
        csv_text = ("Visitor,Amount,Rate\r\n"
                    "A,1,inf\r\nB,2147483648,1.5\r\nC,3,nan\r\nD,4,1e999\r\nE,5,２．５\r\n")
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(csv_text.encode()), "visits.csv", mode="valid")
        self.assertEqual({(row, col) for row, col, _msg in result["errors"]},
                         {(2, "Rate"), (3, "Amount"), (4, "Rate"), (5, "Rate")})
        self.assertEqual(self.Visit.search([]).mapped(lambda visit: (visit.x_name, visit.x_rate)), [("E", 2.5)])

    def test_csv_shift_jis_full_width_and_update_by_key(self):
        self.Visit.create({"x_name": "旧姓 花子", "x_code": "M002", "x_amount": 1})
        csv_text = "Visitor,Member code,Amount,Visit date\r\n鈴木　花子,M002,２０００,2024/4/2\r\n伊藤 美咲,M004,300,R6.4.5\r\n"
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(csv_text.encode("cp932")), "visits.csv",
                                         key_field="x_code")
        self.assertEqual((result["created"], result["updated"]), (1, 1))
        updated = self.Visit.search([("x_code", "=", "M002")])
        self.assertEqual(len(updated), 1)
        self.assertEqual((updated.x_name, updated.x_amount), ("鈴木 花子", 2000))
        self.assertEqual(self.Visit.search([("x_code", "=", "M004")]).x_visit_date, datetime.date(2024, 4, 5))

    def test_update_by_key_writes_what_changes_and_the_later_row(self):
        """Rows that match database records by key are written with SQL: a
        record the file repeats as it is keeps its last-update date, and a
        record that two rows update takes the later row's values; a new key
        that two rows give makes one record."""
        names = ("x_name", "x_code", "x_amount", "x_first_visit")
        self.assertTrue(self.io._fast_path(self.Visit, [self.Visit._fields[name] for name in names]))
        visits = self.Visit.create([{"x_name": f"会員 {i}", "x_code": f"K{i}", "x_amount": i * 100,
                                     "x_first_visit": False} for i in (1, 2, 3)])
        self.env.flush_all()
        self.env.cr.execute(SQL("UPDATE %s SET write_date = '2020-01-01' WHERE id IN %s",
                                SQL.identifier(self.Visit._table), tuple(visits.ids)))
        self.env.invalidate_all()
        csv_text = ("Visitor,Member code,Amount,First visit\r\n"
                    "会員 1,K1,100,いいえ\r\n"  # as it is
                    "会員 2,K2,250,いいえ\r\n"
                    "会員 3,K3,310,いいえ\r\n"
                    "会員 3,K3,320,はい\r\n"
                    "会員 9,K9,900,はい\r\n"  # a new member, twice
                    "会員 9,K9,990,いいえ\r\n")
        updates = []
        sql_update = SmartDataUpload._sql_update

        def spy(self, model, field_objs, ids, columns):
            updates.append(list(ids))
            return sql_update(self, model, field_objs, ids, columns)

        with self.allowed(VISIT_MODEL), patch.object(SmartDataUpload, "_sql_update", autospec=True, side_effect=spy):
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(csv_text.encode()), "visits.csv",
                                         key_field="x_code")
        self.assertEqual((result["created"], result["updated"], result["errors"]), (1, 5, []))
        new = self.Visit.search([("x_code", "=", "K9")])
        self.assertEqual((len(new), new.x_amount, new.x_first_visit), (1, 990, False), "one record, the later row")
        # (which row of two an UPDATE … FROM takes is PostgreSQL's choice: each record is given one)
        self.assertEqual(updates, [visits.ids])
        self.env.invalidate_all()
        self.assertEqual(visits.mapped("x_amount"), [100, 250, 320])
        self.assertEqual(visits.mapped("x_first_visit"), [False, False, True])
        self.assertEqual(visits[0].write_date, datetime.datetime(2020, 1, 1), "the record as it was")
        self.assertTrue(all(date > datetime.datetime(2020, 1, 1) for date in visits[1:].mapped("write_date")))

    def test_customers_go_through_the_orm(self):
        content = self.xlsx([["Name", "Email", "Customer"], ["川口 直人", "naoto@example.jp", ""]])
        result = self.io.import_file("res.partner", base64.b64encode(content), "customers.xlsx",
                                     mapping={0: "name", 1: "email"})
        self.assertEqual(result["created"], 1)
        partner = self.env["res.partner"].search([("email", "=", "naoto@example.jp")])
        self.assertEqual(partner.name, "川口 直人")
        self.assertTrue(partner.commercial_partner_id, "computed fields are maintained by the ORM")

    def test_result_opens_the_records_the_upload_wrote(self):
        """The upload's result (the wizard's Open records, its job's result,
        the API's record_ranges) opens the records the upload created or
        updated, not those that were there before."""
        before = self.Visit.create([{"x_name": f"既存 {i}", "x_code": f"OLD{i}"} for i in range(3)])
        csv_text = "Visitor,Member code\r\n" + "".join(f"来店者 {i},N{i:03d}\r\n" for i in range(30)) + \
            "更新 花子,OLD1\r\n"
        content = base64.b64encode(csv_text.encode())
        with self.allowed(VISIT_MODEL):
            wizard = self.env["smart.import.wizard"].with_user(self.user_manager).create({
                "model_id": self.visit_model.id, "file": content, "filename": "v.csv"})
            wizard.action_load()
            wizard.write({"update_existing": True,
                          "key_field_id": self.env["ir.model.fields"]._get(VISIT_MODEL, "x_code").id})
            wizard.action_import()
            self.assertEqual((wizard.state, wizard.created_count, wizard.updated_count), ("done", 30, 1))
            action = wizard.action_open_records()
        opened = self.Visit.search(action["domain"])
        self.assertEqual(len(opened), 31)
        self.assertEqual(opened & before, before[1], "of the records there before, the one updated")
        self.assertEqual(sorted(opened.mapped("x_code")), [*(f"N{i:03d}" for i in range(30)), "OLD1"])

        # records created meanwhile are not among them, however their ids fall
        customers = self.env["res.partner"].create([{"name": f"先客 {i}"} for i in range(2)])
        content = base64.b64encode("Name\r\n後藤 一\r\n後藤 二\r\n後藤 三\r\n".encode())
        result = self.io.import_file("res.partner", content, "c.csv", mapping={0: "name"})
        self.assertEqual(len(result["record_ranges"]), 1)
        uploaded = self.env["res.partner"].search(ranges_domain(result["record_ranges"]), order="id")
        self.assertEqual(sorted(uploaded.mapped("name")), ["後藤 一", "後藤 三", "後藤 二"])
        self.assertFalse(uploaded & customers)
        uploaded[1].unlink()
        self.assertEqual(self.io._written_ranges(self.env["res.partner"], customers[-1].id, []),
                         [[uploaded[0].id, uploaded[0].id], [uploaded[2].id, uploaded[2].id]])
        self.assertEqual(id_ranges([7, 3, 4, 9, 8, 4]), [[3, 4], [7, 9]])
        self.assertEqual(ranges_domain([]), [], "nothing kept: the whole list")

    def test_refusals(self):
        with self.allowed(VISIT_MODEL):
            with self.assertRaises(UserError):
                self.io.import_file(VISIT_MODEL, base64.b64encode(b"not a zip"), "visits.xlsx")
            with self.assertRaises(UserError):
                self.io.import_file(VISIT_MODEL, base64.b64encode(b"a,b"), "visits.pdf")
            with self.assertRaisesRegex(UserError, "base64"):
                self.io.import_file(VISIT_MODEL, b"a,b", "visits.csv")
            with self.assertRaisesRegex(UserError, "x_nope"):
                self.io.import_file(VISIT_MODEL, base64.b64encode(b"a\nb"), "visits.csv", mapping={0: "x_nope"})
            with self.assertRaisesRegex(UserError, "column"):
                self.io.import_file(VISIT_MODEL, base64.b64encode(b"a\nb"), "visits.csv", mapping={"A": "x_name"})
            with self.assertRaises(UserError, msg="required column missing"):
                self.io.import_file(VISIT_MODEL, base64.b64encode(self.xlsx([["Amount"], [1]])), "visits.xlsx")
            with self.assertRaises(UserError, msg="key field must be mapped"):
                self.io.import_file(VISIT_MODEL, base64.b64encode(self.xlsx([["Visitor"], ["a"]])), "v.xlsx",
                                    key_field="x_code")
        with self.assertRaises(UserError, msg="models outside Smart CRM are refused"):
            self.io.import_file("res.users", base64.b64encode(self.xlsx([["Name"], ["x"]])), "u.xlsx")

    def test_user_without_create_right_is_refused(self):
        content = self.xlsx([["Visitor"], ["山田"]])
        with self.allowed(VISIT_MODEL), self.assertRaises(AccessError):
            self.io.with_user(self.user_smart).import_file(VISIT_MODEL, base64.b64encode(content), "v.xlsx")

    def test_wizard_maps_previews_and_reports_errors(self):
        content = self.xlsx([["Visitor", "Amount"], ["<script>alert(1)</script>", "x"]])
        with self.allowed(VISIT_MODEL):
            wizard = self.env["smart.import.wizard"].with_user(self.user_manager).create({
                "model_id": self.visit_model.id, "file": base64.b64encode(content),
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
        ours = list(xlsx_reader.iter_rows(io.BytesIO(buffer.getvalue())))
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
            self.io.import_file(VISIT_MODEL, base64.b64encode(b"PK\x03\x04 broken"), "visits.xlsx")


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
        result = self.io.import_file("res.partner", base64.b64encode(content), "customers.xlsx", mode="valid",
                                     mapping={0: "name", 1: phone.name, 2: rank.name})
        self.assertEqual((result["created"], result["rejected_count"]), (1, 1))
        partner = self.env["res.partner"].search([("name", "=", "取込 一郎")])
        self.assertEqual(partner[phone.name], "+819012345678")
        self.assertEqual(partner[rank.name].label, "ゴールド")
        self.assertEqual({(row, col) for row, col, _msg in result["errors"]},
                         {(3, "携帯番号（取込）"), (3, "ランク（取込）")})


@tagged("at_install", "-post_install")
class TestSmartDataImportLarge(SmartDataCase):
    """Uploads large enough to span several blocks, streamed to the database."""

    ROWS = 2500

    def big_xlsx(self, rows, header=("Visitor", "Member code", "Amount", "Rate", "Visit date", "Store",
                                      "First visit")):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, header)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, datetime.datetime):
                    sheet.write_datetime(r, c, value, date_format)
                elif value is not None:
                    sheet.write(r, c, value)
        book.close()
        return buffer.getvalue()

    def visit_rows(self, count):
        start = datetime.datetime(2024, 4, 1)
        return [[f"来店者 {i}", f"M{i:05d}", i * 10, i / 8, start + datetime.timedelta(days=i % 30),
                 "渋谷店" if i % 2 else "梅田店", i % 3 == 0] for i in range(1, count + 1)]

    def foreign_keys(self):
        self.env.cr.execute(
            "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid"
            " AND a.attnum = c.conkey[1] WHERE c.conrelid = %s::regclass AND c.contype = 'f'",
            [self.Visit._table])
        return sorted(name for (name,) in self.env.cr.fetchall())

    def test_large_upload_streamed_to_the_database(self):
        keys = self.foreign_keys()
        self.assertIn("create_uid", keys)
        rows = self.visit_rows(self.ROWS)
        rows[9][0] = "改行\nと\tタブ"  # text that COPY must escape
        rows[10][2] = "１，２００円"  # full-width digits among numbers
        rows[11][4] = "令和6年5月1日"  # a Japanese date among Excel dates
        with self.allowed(VISIT_MODEL), self.small_blocks(), self.converting_threads() as threads:
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(self.big_xlsx(rows)), "visits.xlsx")
        self.assertEqual((result["created"], result["errors"]), (self.ROWS, []))
        self.assertEqual(threads, {"smart-upload"}, "the rows were converted while the others were written")
        self.assertEqual(self.foreign_keys(), keys, "the foreign keys are untouched")
        visits = self.Visit.search([], order="x_code")
        self.assertEqual(len(visits), self.ROWS)
        self.assertEqual(visits.create_uid, self.env.user)
        self.assertEqual((visits[0].x_name, visits[0].x_amount, visits[0].x_rate, visits[0].x_store,
                          visits[0].x_first_visit, visits[0].x_visit_date),
                         ("来店者 1", 10, 0.125, "shibuya", False, datetime.date(2024, 4, 2)))
        self.assertEqual(visits[9].x_name, "改行\nと\tタブ")
        self.assertEqual(visits[10].x_amount, 1200)
        self.assertEqual(visits[11].x_visit_date, datetime.date(2024, 5, 1))
        self.assertEqual(visits[-1].x_code, f"M{self.ROWS:05d}")

    def test_large_upload_all_or_nothing(self):
        keys = self.foreign_keys()
        rows = self.visit_rows(self.ROWS)
        rows[1200][2] = 3_000_000_000  # beyond a whole number column
        rows[1300][5] = "新宿店"
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(self.big_xlsx(rows)), "visits.xlsx")
        self.assertEqual(result["created"], 0)
        self.assertEqual({(row, col) for row, col, _msg in result["errors"]}, {(1202, "Amount"), (1302, "Store")})
        self.assertFalse(self.Visit.search_count([]))
        self.assertEqual(self.foreign_keys(), keys)

    def test_large_upload_valid_rows_with_a_customer_column(self):
        partner = self.env["res.partner"].create({"name": "大口 顧客"})
        rows = [[*row, "大口 顧客" if i % 2 else None] for i, row in enumerate(self.visit_rows(self.ROWS))]
        rows[500][1] = None
        rows[500][0] = None  # a required value missing
        rows[700][7] = "いない 顧客"
        content = self.big_xlsx(rows, ("Visitor", "Member code", "Amount", "Rate", "Visit date", "Store",
                                       "First visit", "Customer"))
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(content), "visits.xlsx", mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (self.ROWS - 2, 2))
        self.assertEqual([(row, col) for row, col, _msg in result["errors"]], [(502, "Visitor"), (702, "Customer")])
        self.assertEqual(self.Visit.search_count([("x_partner_id", "=", partner.id)]), self.ROWS // 2)
        self.assertIn("x_partner_id", self.foreign_keys())
        rejected = self.read_xlsx(base64.b64decode(result["rejected_file"])).active
        self.assertEqual((rejected.cell(3, 1).value, rejected.cell(3, 2).value), (702, "来店者 701"))

    def test_database_with_choice_email_phone_url_and_time_columns_streamed(self):
        database = self.env["smart.database"].create({"name": "来店記録（取込）", "partner_link": True})
        Field = self.env["smart.field"].with_context(default_model_id=database.model_id.id)
        f_kind = Field.create({"label": "区分", "field_type": "selection", "choice_ids": [
            Command.create({"label": "一般"}), Command.create({"label": "招待"})]})
        f_mail = Field.create({"label": "メール", "field_type": "email"})
        f_phone = Field.create({"label": "電話", "field_type": "phone"})
        f_site = Field.create({"label": "サイト", "field_type": "url"})
        f_time = Field.create({"label": "来店日時", "field_type": "datetime"})
        rows = [[f"来店者 {i}", "招待" if i % 3 == 0 else "一般", f"Visitor{i}@Example.JP", f"090-1234-{i:04d}",
                 "example.jp", f"2024/4/1 {i % 24}:30", self.customer.name if i % 2 else None]
                for i in range(1, self.ROWS + 1)]
        rows[99][3] = "12"  # not a phone number
        rows[199][1] = "特別"  # not one of the choices
        content = self.big_xlsx(rows, ("Name", "区分", "メール", "電話", "サイト", "来店日時", "Customer"))
        with self.converting_threads() as threads:
            result = self.io.with_context(tz="Asia/Tokyo").import_file(
                database.model, base64.b64encode(content), "visits.xlsx", mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (self.ROWS - 2, 2))
        self.assertEqual([(row, col) for row, col, _msg in result["errors"]], [(101, "電話"), (201, "区分")])
        self.assertEqual(threads, {"smart-upload"}, "choices and customers were read beforehand")
        Model = self.env[database.model]
        record = Model.search([("x_name", "=", "来店者 3")])
        self.assertEqual((record[f_kind.name].label, record[f_mail.name], record[f_phone.name],
                          record[f_site.name], record[f_time.name], record.x_partner_id),
                         ("招待", "visitor3@example.jp", "+819012340003", "https://example.jp",
                          datetime.datetime(2024, 3, 31, 18, 30), self.customer))
        self.assertFalse(Model.search_count([("x_name", "in", ["来店者 100", "来店者 200"])]))
        self.assertEqual(Model.search_count([(f_kind.name, "=", f_kind.choice_ids[1].id)]),
                         len([i for i in range(1, self.ROWS + 1) if i % 3 == 0 and i != 200]))

    @contextmanager
    def converting_threads(self):
        """The names of the threads that converted the rows to COPY text."""
        copy_text = pg_copy.rows_text
        names = set()

        def spy(layout, texts):
            names.add(threading.current_thread().name)
            return copy_text(layout, texts)

        with patch.object(pg_copy, "rows_text", side_effect=spy):
            yield names

    def small_blocks(self):
        read_blocks = SmartDataUpload._read_blocks
        return patch.object(SmartDataUpload, "_read_blocks", autospec=True,
                            side_effect=lambda self, *args: read_blocks(self, *args, size=100))

    def test_failure_of_the_copy_writes_nothing(self):
        copy_text = pg_copy.rows_text
        calls = []

        def broken(layout, texts):
            calls.append(len(texts[0]))
            return copy_text(layout, texts) if len(calls) != 2 else "行\tの\t形が違う\n".encode()

        with self.allowed(VISIT_MODEL), self.small_blocks(), \
                patch.object(pg_copy, "rows_text", side_effect=broken), \
                self.assertRaises(psycopg2.DataError), mute_logger("odoo.sql_db"):
            self.io.import_file(VISIT_MODEL, base64.b64encode(self.big_xlsx(self.visit_rows(self.ROWS))), "visits.xlsx")
        self.assertFalse([t for t in threading.enumerate() if t.name == "smart-upload"])
        self.assertFalse(self.Visit.search_count([]))

    def test_failure_of_the_conversion_writes_nothing(self):
        copy_text = pg_copy.rows_text
        calls = []

        def broken(layout, texts):
            calls.append(len(texts[0]))
            if len(calls) == 3:
                raise MemoryError("no memory left")
            return copy_text(layout, texts)

        with self.allowed(VISIT_MODEL), self.small_blocks(), \
                patch.object(pg_copy, "rows_text", side_effect=broken), \
                self.assertRaisesRegex(MemoryError, "no memory left"):
            self.io.import_file(VISIT_MODEL, base64.b64encode(self.big_xlsx(self.visit_rows(self.ROWS))), "visits.xlsx")
        self.assertFalse([t for t in threading.enumerate() if t.name == "smart-upload"])
        self.assertFalse(self.Visit.search_count([]))

    def test_csv_goes_the_same_way(self):
        lines = ["Visitor,Amount,First visit,Visit date"] + [
            f"来店者 {i},{'２０００' if i == 5 else i},{'はい' if i % 2 else 'いいえ'},2024/4/{i % 28 + 1}"
            for i in range(1, self.ROWS + 1)]
        with self.allowed(VISIT_MODEL):
            content = base64.b64encode("\r\n".join(lines).encode("cp932"))
            result = self.io.import_file(VISIT_MODEL, content, "visits.csv")
        self.assertEqual((result["created"], result["errors"]), (self.ROWS, []))
        visit = self.Visit.search([("x_name", "=", "来店者 5")])
        self.assertEqual((visit.x_amount, visit.x_first_visit, visit.x_visit_date),
                         (2000, True, datetime.date(2024, 4, 6)))


@tagged("at_install", "-post_install")
class TestXlsxBlocks(SmartDataCase):
    """The column-by-column reader gives the same rows as the row reader."""

    def rows_both_ways(self, content):
        def trim(row):
            row = [None if value == "" else value for value in row]
            while row and row[-1] is None:
                row.pop()
            return row

        rows = [(number, trim(row)) for number, row in enumerate(xlsx_reader.iter_rows(io.BytesIO(content)), 1)]
        rows = [(number, row) for number, row in rows if any(value is not None for value in row)]
        blocks = [(number, trim(block.row(i))) for block in xlsx_reader.iter_blocks(io.BytesIO(content), 7)
                  for i, number in enumerate(block.numbers)]
        return rows, blocks

    def test_irregular_sheet(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        date_format = book.add_format({"num_format": "yyyy/m/d"})
        bold = book.add_format({"bold": True})
        sheet.write_row(0, 0, ["名前", "数", "日付", "可否"])
        for r in range(1, 40):
            sheet.write_row(r, 0, [f"名前{r}", r * 1.5])
            sheet.write_datetime(r, 2, datetime.datetime(2024, 1, 1) + datetime.timedelta(days=r), date_format)
            sheet.write_boolean(r, 3, r % 2 == 0)
        sheet.write_string(5, 1, "文字")  # a text among numbers
        sheet.write_number(6, 0, 42, bold)  # another style
        sheet.write_blank(7, 2, None, date_format)  # an empty cell with a style
        sheet.write_formula(8, 1, "=1+1", None, 2)
        sheet.write_rich_string(9, 0, "太", bold, "字")
        sheet.write_string(12, 6, "遠い列")  # a cell beyond the others
        for c in range(4):  # a row left empty
            sheet.write_blank(15, c, None, bold)
        sheet.write_string(50, 1, "離れた行")
        book.close()
        rows, blocks = self.rows_both_ways(buffer.getvalue())
        self.assertEqual(blocks, rows)
        self.assertEqual(len(rows), 40)
        by_number = dict(rows)
        self.assertEqual(by_number[6][1], "文字")
        self.assertEqual(by_number[9][1], 2)
        self.assertEqual(by_number[10][0], "太字")
        self.assertEqual(by_number[13][6], "遠い列")
        self.assertNotIn(16, by_number)
        self.assertEqual(by_number[51], [None, "離れた行"])

    def test_phonetic_guides_and_inline_strings(self):
        content = self.xlsx([["名前", "かな"], ["山田", "x"], ["田中", "y"]])
        shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                  'spreadsheetml/2006/main"><si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh>'
                  '<phoneticPr fontId="1"/></si><si><r><t>田</t></r><r><rPr><b/></rPr><t>中 &amp; 子</t></r></si>'
                  '<si><t xml:space="preserve"> 空白 </t></si></sst>')
        sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>名前</t></is></c>'
                 '</row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>2</v></c></row>'
                 '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="inlineStr"><is><t>a&lt;b</t></is></c>'
                 '</row></sheetData></worksheet>')
        source = zipfile.ZipFile(io.BytesIO(content))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = sheet.encode()
                target.writestr(item, data)
            if "xl/sharedStrings.xml" not in source.namelist():
                target.writestr("xl/sharedStrings.xml", shared)
        rows, blocks = self.rows_both_ways(buffer.getvalue())
        self.assertEqual(blocks, rows)
        self.assertEqual([row for _number, row in rows], [["名前"], ["山田", " 空白 "], ["田中 & 子", "a<b"]])

    def test_large_string_table_in_a_temporary_file(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["名前", "店舗", "番号"])
        for r in range(1, 301):
            sheet.write_row(r, 0, [f"名前 {r}", ["渋谷店", "梅田店", "博多店"][r % 3], r])
        sheet.write_row(301, 0, ["名前 1", "遠い 店"])  # strings far apart in the table
        book.close()
        content = buffer.getvalue()
        with patch.object(shared_strings, "SPILL_AT", 10), patch.object(parts, "CHUNK_SIZE", 256):
            archive = zipfile.ZipFile(io.BytesIO(content))
            strings = shared_strings.open_shared_strings(archive, "xl/sharedStrings.xml", xlsx_reader.Limits())
            self.assertEqual(strings.count, 0, "the table is read as far as it is used")
            self.assertEqual((strings[3], strings.take([4, 3, 3])), ("名前 1", ["梅田店", "名前 1", "名前 1"]))
            self.assertLess(strings.count, 100)
            self.assertEqual(strings.take([300, 5]), ["名前 295", "名前 2"])
            self.assertEqual(len(strings), 307)
            self.assertIsNotNone(strings.data, "the table went to a temporary file")
            with self.assertRaises(IndexError):
                strings.take([307])
            strings.close()
            rows, blocks = self.rows_both_ways(content)
        self.assertEqual(blocks, rows)
        self.assertEqual(rows[2], (3, ["名前 2", "博多店", 2]))
        self.assertEqual(rows[-1], (302, ["名前 1", "遠い 店"]))
