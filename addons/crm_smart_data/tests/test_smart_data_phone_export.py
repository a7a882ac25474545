import base64
import csv
import io
from unittest.mock import patch

from odoo.tests import tagged

from .common_data import SmartDataCase

# stored (E.164) → as the phone widget shows it, for a company in Japan
NUMBERS = {
    "+819087654321": "090-8765-4321",
    "+81312345678": "03-1234-5678",
    "+33612345678": "+33 6 12 34 56 78",
}


@tagged("at_install", "-post_install")
class TestSmartDataPhoneExport(SmartDataCase):
    """Downloads and Odoo's export write phone numbers as the screens show
    them; the stored E.164 number is a column of its own on request, and a
    downloaded file uploaded again stores the same numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.jp")
        cls.database = cls.create_database("会員名簿（電話）", partner_link=True)
        cls.phone = cls.add_field("携帯", "phone", cls.database)
        cls.partner_phone = cls.add_field("携帯番号", "phone")
        cls.customer[cls.partner_phone.name] = "090-8765-4321"
        cls.records = cls.env[cls.database.model].create([
            {"x_name": f"会員 {index}", cls.phone.name: number, "x_partner_id": cls.customer.id}
            for index, number in enumerate(NUMBERS)
        ] + [{"x_name": "会員 電話なし"}])
        cls.name_label = cls.env[cls.database.model]._fields["x_name"]._description_string(cls.env)

    @property
    def Model(self):
        return self.env[self.database.model]

    def download(self, method, phone_e164=False, **kwargs):
        content = method(self.database.model, record_ids=self.records.ids, field_names=["x_name", self.phone.name],
                         phone_e164=phone_e164, **kwargs)
        return base64.b64decode(content)

    def xlsx_rows(self, content):
        sheet = self.read_xlsx(content).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    def test_xlsx_in_the_national_format_e164_on_request(self):
        rows = self.xlsx_rows(self.download(self.io.export_xlsx))
        self.assertEqual(rows[0], [self.name_label, "携帯"])
        self.assertEqual({row[1] for row in rows[1:]}, {*NUMBERS.values(), None})
        rows = self.xlsx_rows(self.download(self.io.export_xlsx, phone_e164=True))
        self.assertEqual(rows[0], [self.name_label, "携帯", "携帯 (E.164)"])
        self.assertEqual({tuple(row[1:]) for row in rows[1:]},
                         {*((national, stored) for stored, national in NUMBERS.items()), (None, None)})

    def test_csv_in_the_national_format_e164_on_request(self):
        for encoding in ("utf-8-sig", "cp932"):
            with self.subTest(encoding=encoding):
                text = self.download(self.io.export_csv, phone_e164=True, encoding=encoding).decode(encoding)
                header, *rows = csv.reader(io.StringIO(text))
                self.assertEqual(header, [self.name_label, "携帯", "携帯 (E.164)"])
                # texts starting with + are quoted so that no spreadsheet reads them as formulas
                self.assertEqual({tuple(row[1:]) for row in rows},
                                 {*((national.replace("+", "'+"), "'" + stored)
                                    for stored, national in NUMBERS.items()), ("", "")})

    def test_downloaded_file_uploaded_again_stores_the_same_numbers(self):
        stored = sorted(self.records.mapped(self.phone.name), key=str)
        for method, filename in ((self.io.export_xlsx, "members.xlsx"), (self.io.export_csv, "members.csv")):
            for phone_e164 in (False, True):
                with self.subTest(filename=filename, phone_e164=phone_e164):
                    content = self.download(method, phone_e164=phone_e164)
                    before = self.Model.search([])
                    result = self.io.import_file(self.database.model, base64.b64encode(content), filename)
                    self.assertEqual((result["created"], result["errors"]), (len(self.records), []))
                    uploaded = self.Model.search([("id", "not in", before.ids)])
                    self.assertEqual(sorted(uploaded.mapped(self.phone.name), key=str), stored)

    def test_column_of_stored_numbers_alone_is_read_back(self):
        """A file keeping only the E.164 column of a download still gives the numbers."""
        rows = self.xlsx_rows(self.download(self.io.export_xlsx, phone_e164=True))
        self.assertEqual(self.io._guess_mapping(self.Model, rows[0]), {0: "x_name", 1: self.phone.name})
        content = self.xlsx([[row[0], row[2]] for row in rows])
        self.assertEqual(self.io._guess_mapping(self.Model, ["携帯 (E.164)"]), {0: self.phone.name})
        before = self.Model.search([])
        result = self.io.import_file(self.database.model, base64.b64encode(content), "members.xlsx")
        self.assertEqual((result["created"], result["errors"]), (len(self.records), []))
        self.assertEqual(sorted(self.Model.search([("id", "not in", before.ids)]).mapped(self.phone.name), key=str),
                         sorted(self.records.mapped(self.phone.name), key=str))

    def test_odoo_export_in_the_national_format_and_imported_back(self):
        paths = ["x_name", self.phone.name, f"x_partner_id/{self.partner_phone.name}"]
        rows = self.records.export_data(paths)["datas"]
        self.assertEqual({tuple(row[1:]) for row in rows},
                         {*((national, "090-8765-4321") for national in NUMBERS.values()), ("", "")})
        result = self.Model.load(["x_name", self.phone.name], [row[:2] for row in rows])
        self.assertFalse(result["messages"])
        self.assertEqual(sorted(self.Model.browse(result["ids"]).mapped(self.phone.name), key=str),
                         sorted(self.records.mapped(self.phone.name), key=str))
        rows = self.customer.export_data(["name", self.partner_phone.name])["datas"]
        self.assertEqual(rows, [[self.customer.name, "090-8765-4321"]])
        self.assertEqual(self.customer[self.partner_phone.name], "+819087654321", "the stored value is unchanged")

    def test_download_dialog_offers_e164_for_targets_with_phone_fields(self):
        Wizard = self.env["smart.export.wizard"].with_user(self.user_manager)
        self.assertTrue(Wizard.create({"model_id": self.env["ir.model"]._get(self.database.model).id})
                        .has_phone_fields)
        self.assertFalse(Wizard.with_user(self.user_admin).create(
            {"model_id": self.visit_model.id}).has_phone_fields)
        fields_ = self.env["ir.model.fields"].search(
            [("model", "=", self.database.model), ("name", "in", ["x_name", self.phone.name])]).sorted("id")
        # at once, then in the background (a job records the option with the rest of the download)
        for threshold in (0, 1):
            with self.subTest(background=bool(threshold)):
                self.env["ir.config_parameter"].sudo().set_param(
                    "crm_smart_data.download_background_records", threshold or 10 ** 6)
                wizard = Wizard.create({
                    "model_id": self.env["ir.model"]._get(self.database.model).id, "phone_e164": True,
                    "record_ids": ",".join(map(str, self.records.ids)), "field_ids": [(6, 0, fields_.ids)]})
                wizard.action_download()
                if wizard.job_id:
                    with patch.object(type(self.env["res.users"]), "_bus_send", lambda *args, **kwargs: None):
                        self.env["smart.data.job"]._cron_run_jobs()
                    self.assertEqual(wizard.job_id.state, "done")
                    content = wizard.job_id.result_file
                else:
                    content = wizard.file
                rows = self.xlsx_rows(base64.b64decode(content))
                self.assertEqual(rows[0], [self.name_label, "携帯", "携帯 (E.164)"])
                self.assertIn(["会員 0", "090-8765-4321", "+819087654321"], rows)
