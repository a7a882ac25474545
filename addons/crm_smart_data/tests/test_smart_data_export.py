import base64
import datetime

from odoo.exceptions import AccessError, UserError
from odoo.service.model import get_public_method
from odoo.tests import tagged

from .common_data import VISIT_MODEL, SmartDataCase


@tagged("at_install", "-post_install")
class TestSmartDataExport(SmartDataCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visits = cls.Visit.create([
            {"x_name": "山田 太郎", "x_code": "M1", "x_amount": 1200, "x_rate": 0.5, "x_store": "shibuya",
             "x_visit_date": "2024-04-01", "x_first_visit": True, "x_partner_id": cls.customer.id},
            {"x_name": "鈴木 花子", "x_code": "M2", "x_amount": 800, "x_rate": 1.25, "x_store": "umeda",
             "x_visit_date": "2024-04-02"},
            {"x_name": "高橋 健一", "x_code": "M3", "x_amount": 400, "x_store": "shibuya",
             "x_visit_date": "2024-04-02"},
        ])

    def test_xlsx_typed_cells_header_freeze_filter(self):
        names = ["x_name", "x_amount", "x_rate", "x_visit_date", "x_first_visit", "x_store", "x_partner_id"]
        with self.allowed(VISIT_MODEL):
            content = self.io.export_xlsx(VISIT_MODEL, domain=[("x_code", "in", ["M1", "M2"])],
                                          field_names=names)
        sheet = self.read_xlsx(base64.b64decode(content)).active
        self.assertEqual([c.value for c in sheet[1]],
                         ["Visitor", "Amount", "Rate", "Visit date", "First visit", "Store", "Customer"])
        self.assertTrue(sheet["A1"].font.b)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref, "A1:G3")
        rows = {sheet.cell(r, 1).value: r for r in (2, 3)}
        row = rows["山田 太郎"]
        self.assertEqual(sheet.cell(row, 2).value, 1200)
        self.assertEqual(sheet.cell(row, 2).data_type, "n")
        self.assertEqual(sheet.cell(row, 3).value, 0.5)
        self.assertEqual(sheet.cell(row, 4).value, datetime.datetime(2024, 4, 1))
        self.assertIs(sheet.cell(row, 5).value, True)
        self.assertEqual(sheet.cell(row, 6).value, "渋谷店")
        self.assertEqual(sheet.cell(row, 7).value, self.customer.display_name)
        self.assertEqual(sheet.max_row, 3, "only the filtered records")
        self.assertGreater(sheet.column_dimensions["A"].width, 8)

    def test_selection_is_respected(self):
        with self.allowed(VISIT_MODEL):
            content = self.io.export_xlsx(VISIT_MODEL, record_ids=self.visits[2].ids, field_names=["x_name"])
        sheet = self.read_xlsx(base64.b64decode(content)).active
        self.assertEqual([sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)], ["Visitor", "高橋 健一"])

    def test_csv_shift_jis(self):
        with self.allowed(VISIT_MODEL):
            content = self.io.export_csv(VISIT_MODEL, record_ids=self.visits[0].ids,
                                         field_names=["x_name", "x_store"],
                                         encoding="cp932")
        self.assertEqual(base64.b64decode(content).decode("cp932").splitlines(),
                         ["Visitor,Store", "山田 太郎,渋谷店"])

    def test_text_that_looks_like_a_formula_stays_text(self):
        self.customer.name = "=1+1"
        content = self.io.export_xlsx("res.partner", record_ids=self.customer.ids, field_names=["name", "email"])
        cell = self.read_xlsx(base64.b64decode(content)).active["A2"]
        self.assertEqual((cell.value, cell.data_type), ("=1+1", "s"))
        content = self.io.export_csv("res.partner", record_ids=self.customer.ids, field_names=["name", "email"])
        self.assertEqual(base64.b64decode(content).decode("utf-8-sig").splitlines(),
                         ["Name,Email", "'=1+1,customer@example.jp"])

    def test_unknown_fields_are_refused_clearly(self):
        with self.allowed(VISIT_MODEL):
            for method in (self.io.export_xlsx, self.io.export_csv):
                with self.assertRaisesRegex(UserError, "x_nope"):
                    method(VISIT_MODEL, field_names=["x_name", "x_nope"])
            with self.assertRaisesRegex(UserError, "x_nope"):
                self.io.crosstab_xlsx(VISIT_MODEL, "x_store", "x_nope")
            with self.assertRaisesRegex(UserError, "x_nope"):
                self.io.crosstab(VISIT_MODEL, "x_store", "x_first_visit", "sum", "x_nope")

    def test_export_wizard_from_list_selection(self):
        with self.allowed(VISIT_MODEL):
            action = self.env["smart.export.wizard"].with_user(self.user_manager).action_open(
                VISIT_MODEL, {"active_ids": self.visits[:2].ids})
            wizard = self.env["smart.export.wizard"].browse(action["res_id"])
            self.assertEqual(wizard.record_count, 2)
            result = wizard.action_download()
        self.assertIn("/web/content?model=smart.export.wizard", result["url"])
        sheet = self.read_xlsx(base64.b64decode(wizard.file)).active
        self.assertEqual(sheet.max_row, 3)

    def test_remote_calls(self):
        """Clients call the data tools of the API; the download dialog opens from
        a list's server action only."""
        for name in ("import_file", "export_xlsx", "export_csv", "crosstab", "crosstab_xlsx"):
            self.assertTrue(get_public_method(self.io, name))
        with self.assertRaises(AccessError):
            get_public_method(self.env["smart.export.wizard"], "action_open")

    def test_crosstab_totals(self):
        with self.allowed(VISIT_MODEL):
            data = self.io.crosstab(VISIT_MODEL, "x_store", "x_visit_date", measure="sum", measure_field="x_amount")
            average = self.io.crosstab(VISIT_MODEL, "x_store", "x_first_visit", measure="avg",
                                       measure_field="x_amount")
            count = self.io.crosstab(VISIT_MODEL, "x_store", "x_first_visit")
        self.assertEqual(data["rows"], ["渋谷店", "梅田店"])
        self.assertEqual(data["cols"], ["2024-04"])
        self.assertEqual(data["cells"]["渋谷店"]["2024-04"], 1600)
        self.assertEqual(data["row_totals"], {"渋谷店": 1600, "梅田店": 800})
        self.assertEqual(sum(data["col_totals"].values()), 2400)
        self.assertEqual(data["total"], 2400)
        # the grand average is over all records, not an average of averages
        self.assertAlmostEqual(average["total"], 800.0)
        self.assertAlmostEqual(average["row_totals"]["渋谷店"], 800.0)
        self.assertEqual(count["total"], 3)
        self.assertEqual(count["cells"]["渋谷店"]["Yes"], 1)

    def test_crosstab_xlsx(self):
        with self.allowed(VISIT_MODEL):
            content = self.io.crosstab_xlsx(VISIT_MODEL, "x_store", "x_first_visit", measure="sum",
                                            measure_field="x_amount")
        sheet = self.read_xlsx(base64.b64decode(content)).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        header, *body = values
        self.assertEqual(header[-1], "Total")
        totals = {row[0]: row[-1] for row in body}
        self.assertEqual(totals, {"渋谷店": 1600, "梅田店": 800, "Total": 2400})

    def test_crosstab_refusals(self):
        with self.allowed(VISIT_MODEL):
            with self.assertRaises(UserError):
                self.io.crosstab(VISIT_MODEL, "x_store", "x_name", measure="sum", measure_field="x_name")
            with self.assertRaises(UserError):
                self.io.crosstab(VISIT_MODEL, "x_store", "x_nope")

    def test_crosstab_wizard_renders_escaped_table(self):
        self.visits[0].x_name = "<b>bold</b>"
        with self.allowed(VISIT_MODEL):
            wizard = self.env["smart.crosstab.wizard"].with_user(self.user_manager).create({
                "model_id": self.visit_model.id,
                "row_field_id": self.env["ir.model.fields"]._get(VISIT_MODEL, "x_name").id,
                "col_field_id": self.env["ir.model.fields"]._get(VISIT_MODEL, "x_store").id,
            })
            html = str(wizard.table_html)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt;", html)
        self.assertIn("Total", html)

    def test_filters_relative_to_today(self):
        """Downloads and cross-tabs read the filters of the domain editor, dates
        relative to today included, as segments and mail lists do."""
        recent = datetime.date.today() - datetime.timedelta(days=10)
        self.visits[0].x_visit_date = recent
        text = "[('x_visit_date', '>=', (context_today() - relativedelta(days=30)).strftime('%Y-%m-%d'))]"
        fields_ = self.env["ir.model.fields"]
        with self.allowed(VISIT_MODEL):
            download = self.env["smart.export.wizard"].with_user(self.user_manager).create({
                "model_id": self.visit_model.id, "domain": text})
            self.assertEqual(download.record_count, 1)
            crosstab = self.env["smart.crosstab.wizard"].with_user(self.user_manager).create({
                "model_id": self.visit_model.id, "domain": text,
                "row_field_id": fields_._get(VISIT_MODEL, "x_name").id,
                "col_field_id": fields_._get(VISIT_MODEL, "x_store").id,
            })
            html = str(crosstab.table_html)
        self.assertIn("山田 太郎", html)
        self.assertNotIn("鈴木 花子", html)

    def test_default_columns_are_those_of_the_form(self):
        """A download without chosen columns has the fields a user sees on the form, not the technical ones;
        the column picker offers technical columns only on request."""
        content = self.io.with_user(self.user_manager).export_xlsx(
            "res.partner", record_ids=self.customer.ids)
        header = [cell.value for cell in next(self.read_xlsx(base64.b64decode(content)).active.iter_rows())]
        fields_ = self.env["res.partner"]._fields
        labels = {name: fields_[name]._description_string(self.env) for name in (
            "name", "email", "phone", "color", "active", "create_uid", "message_bounce", "signup_type", "company_id")
            if name in fields_}
        for name in ("name", "email", "phone"):
            self.assertIn(labels[name], header)
        for name in labels.keys() - {"name", "email", "phone"}:
            self.assertNotIn(labels[name], header)
        self.assertLess(len(header), 40)

        wizard = self.env["smart.export.wizard"].with_user(self.user_manager).create(
            {"model_id": self.env["ir.model"]._get("res.partner").id})
        offered = set(wizard.offered_field_ids.mapped("name"))
        self.assertIn("email", offered)
        self.assertFalse(offered & {"id", "create_uid", "write_date", "active", "currency_id"})
        wizard.technical_fields = True
        self.assertLessEqual({"create_uid", "write_date", "active"}, set(wizard.offered_field_ids.mapped("name")))
