import base64

from odoo.tests import tagged

from .common import KanaCase
from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook


@tagged("post_install", "-at_install")
class TestKanaUpload(KanaCase):
    """Uploads (crm_smart_data, installed with the app) map a フリガナ column to the
    reading and convert its cells by the same rule as the forms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.io = cls.env["smart.data.io"]

    @staticmethod
    def xlsx(rows):
        """An XLSX file (as base64) written by Smart CRM's own writer, as downloads are."""
        book = XlsxWorkbook()
        sheet = book.add_sheet("Customers")
        for row_index, row in enumerate(rows):
            for col, value in enumerate(row):
                if value is not None:
                    sheet.text(row_index, col, value)
        return base64.b64encode(book.close())

    def test_kana_headers_map_to_the_reading(self):
        for header in ("フリガナ", "ふりがな", "ﾌﾘｶﾞﾅ", "カナ", "Furigana", "furigana"):
            with self.subTest(header=header):
                self.assertEqual(self.io._guess_mapping(self.Partner, ["Name", header]),
                                 {0: "name", 1: "name_kana"})
        self.assertEqual(self.io._guess_mapping(self.Partner, ["Name", "Reading"]), {0: "name"})

    def test_upload_of_a_furigana_column(self):
        content = self.xlsx([["Name", "フリガナ", "Email"],
                             ["佐藤 一郎", "さとう いちろう", "sato@example.jp"],
                             ["中村 花", "ﾅｶﾑﾗ ﾊﾅ", "nakamura@example.jp"],
                             ["小川 進", None, "ogawa@example.jp"]])
        result = self.io.import_file("res.partner", content, "customers.xlsx")
        self.assertEqual((result["created"], result["errors"]), (3, []))
        readings = {partner.name: partner.name_kana for partner in self.Partner.search(
            [("email", "in", ["sato@example.jp", "nakamura@example.jp", "ogawa@example.jp"])])}
        self.assertEqual(readings, {"佐藤 一郎": "サトウ イチロウ", "中村 花": "ナカムラ ハナ", "小川 進": False})

    def test_rows_whose_reading_is_not_kana_refused(self):
        content = base64.b64encode("Name,ふりがな\n佐藤 一郎,さとう いちろう\n中村 花,中村\n".encode())
        result = self.io.import_file("res.partner", content, "customers.csv")
        self.assertEqual(result["created"], 0)
        [(row, column, message)] = result["errors"]
        self.assertEqual((row, column), (3, "ふりがな"))
        self.assertIn("“中村” is not a reading in kana", message)
        self.assertFalse(self.Partner.search([("name", "in", ["佐藤 一郎", "中村 花"])]))
        result = self.io.import_file("res.partner", content, "customers.csv", mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (1, 1))
        self.assertEqual(self.Partner.search([("name", "=", "佐藤 一郎")]).name_kana, "サトウ イチロウ")
