import base64
import io
from unittest.mock import patch

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models import smart_visit_upload
from .common import SmartHistoryCase
from odoo.addons.crm_smart_data.models import smart_data_job

HEADERS = "顧客コード,来店日時,金額,店舗,商品,チャネル,伝票番号\n"


def b64(text):
    return base64.b64encode(text.encode()).decode()


@tagged("post_install", "-at_install")
class TestUpload(SmartHistoryCase):
    """Visit files through the data tools: the customer by code, email or
    phone, Japanese cells, replay, all or nothing and the valid rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_code = cls.Partner.create({"name": "佐々木 健", "ref": "C-0042"})
        cls.by_email = cls.Partner.create({"name": "石井 花", "email": "Hana.Ishii@Example.jp"})
        cls.by_phone = cls.Partner.create({"name": "森 大輔", "phone": "06-6543-2109"})
        cls.engine = cls.env["smart.data.io"].with_user(cls.user_manager).with_context(tz="Asia/Tokyo")

    def csv(self, *lines):
        return b64(HEADERS + "".join(line + "\n" for line in lines))

    def upload(self, content, filename="visits.csv", **kwargs):
        return self.engine.import_file("smart.visit", content, filename, **kwargs)

    def test_upload_then_replay(self):
        content = self.csv(
            "C-0042,2026/4/1 10:15,\"¥3,240\",本店,煎茶 100g,店舗,R-1",
            "hana.ishii@example.jp,2026-04-02 19:00,５８００,,,オンラインショップ,R-2",
            "+81 6 6543 2109,令和8年4月3日,0,駅前店,,phone,R-3",
        )
        result = self.upload(content)
        self.assertEqual((result["created"], result["replayed"], result["errors"]), (3, 0, []))
        visits = self.Visit.search([], order="external_ref")
        self.assertRecordValues(visits, [
            {"external_ref": "R-1", "partner_id": self.by_code.id, "amount": 3240, "store": "本店",
             "description": "煎茶 100g", "channel": "store", "source": "upload"},
            {"external_ref": "R-2", "partner_id": self.by_email.id, "amount": 5800, "store": False,
             "description": False, "channel": "ec", "source": "upload"},
            {"external_ref": "R-3", "partner_id": self.by_phone.id, "amount": 0, "store": "駅前店",
             "description": False, "channel": "phone", "source": "upload"},
        ])
        # times in the file are the user's (Tokyo); Odoo keeps UTC
        self.assertEqual(str(visits[0].date), "2026-04-01 01:15:00")
        self.assertEqual(str(visits[2].date), "2026-04-02 15:00:00")
        # the same file again: replayed, nothing duplicated
        again = self.upload(content)
        self.assertEqual((again["created"], again["replayed"]), (0, 3))
        self.assertEqual(self.Visit.search_count([]), 3)

    def test_bad_rows_all_or_nothing(self):
        content = self.csv(
            "C-0042,2026-04-01 10:00,1000,本店,,,R-1",
            "C-0042,2026-04-01 11:00,-500,本店,,,R-2",
            "C-9999,2026-04-01 12:00,1000,本店,,,R-3",
            "C-0042,昨日,1000,本店,,,R-4",
            "C-0042,2026-04-01 13:00,1000,本店,,,R-1",
        )
        result = self.upload(content)
        self.assertEqual(result["created"], 0)
        self.assertFalse(self.Visit.search_count([]))
        problems = {row: (column, message) for row, column, message in result["errors"]}
        self.assertEqual(sorted(problems), [3, 4, 5, 6])
        self.assertEqual(problems[3], ("金額", "the amount of a visit cannot be negative."))
        self.assertEqual(problems[4][0], "顧客コード")
        self.assertIn("C-9999", problems[4][1])
        self.assertEqual(problems[5][0], "来店日時")
        self.assertIn("R-1", problems[6][1])

    def test_valid_rows_and_rejected_file(self):
        content = self.csv(
            "C-0042,2026-04-01 10:00,1000,本店,,,R-1",
            "C-0042,2026-04-01 11:00,-500,本店,,,R-2",
            "hana.ishii@example.jp,2026-04-01 12:00,2000,本店,,,R-3",
        )
        result = self.upload(content, mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (2, 1))
        self.assertEqual(self.Visit.search([]).mapped("external_ref"), ["R-3", "R-1"])
        self.assertEqual(result["errors"], [(3, "金額", "the amount of a visit cannot be negative.")])
        rejected = base64.b64decode(result["rejected_file"])
        self.assertTrue(rejected.startswith(b"PK"))

    def test_upload_screen_with_an_xlsx_file(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["会員番号", "購入日時", "購入金額", "レシート番号", "備考"])
        sheet.write_row(1, 0, ["C-0042", "2026-05-01 09:30", 1280, 100045, "無視される列"])
        book.close()
        wizard = self.env["smart.import.wizard"].with_user(self.user_manager).with_context(
            smart_import_model="smart.visit", tz="Asia/Tokyo").create({
                "file": base64.b64encode(buffer.getvalue()), "filename": "visits.xlsx"})
        self.assertEqual(wizard.res_model, "smart.visit")
        wizard.action_load()
        self.assertEqual(wizard.column_ids.mapped("field_id.name"),
                         ["partner_id", "date", "amount", "external_ref"])
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.created_count), ("done", 1))
        visit = self.Visit.search([])
        self.assertRecordValues(visit, [{"partner_id": self.by_code.id, "amount": 1280, "external_ref": "100045",
                                         "source": "upload"}])

    def test_large_visit_file_in_the_background(self):
        """A visit file large enough to be uploaded in the background goes
        through the same checks and replay as one uploaded at once."""
        self.env["ir.config_parameter"].sudo().set_param("crm_smart_data.upload_background_kb", 1)
        self.user_manager.tz = "Asia/Tokyo"
        lines = [f"C-0042,2026-04-01 10:15,{100 + i},本店,,店舗,R-{i}" for i in range(60)]
        wizard = self.env["smart.import.wizard"].with_user(self.user_manager).with_context(
            smart_import_model="smart.visit").create({"file": self.csv(*lines), "filename": "visits.csv"})
        wizard.action_load()
        wizard.action_import()
        self.assertEqual(wizard.state, "background")
        self.env["smart.data.job"]._cron_run_jobs()
        job = wizard.job_id
        self.assertEqual((job.state, job.created_count, job.message), ("done", 60, False))
        visits = self.Visit.search([("external_ref", "like", "R-")])
        self.assertEqual(len(visits), 60)
        self.assertEqual(set(visits.mapped("source")), {"upload"}, "recorded as the visit upload records them")
        self.assertEqual(visits.partner_id, self.by_code)
        self.assertEqual(str(visits[0].date), "2026-04-01 01:15:00", "in the time zone of the user who uploaded")

    def background_visits(self, count):
        """A wizard whose visit file of ``count`` rows is being uploaded in the background."""
        self.env["ir.config_parameter"].sudo().set_param("crm_smart_data.upload_background_kb", 1)
        lines = [f"C-0042,2026-04-01 10:15,{100 + i},本店,,店舗,P-{i}" for i in range(count)]
        wizard = self.env["smart.import.wizard"].with_user(self.user_manager).with_context(
            smart_import_model="smart.visit").create({"file": self.csv(*lines), "filename": "visits.csv"})
        wizard.action_load()
        wizard.action_import()
        self.assertEqual(wizard.state, "background")
        return wizard.job_id

    def run_reporting(self, job, cancel_at=None):
        """Runs the background jobs, noting each progress report of ``job`` in
        shares (%) and rows; its user cancels it at report ``cancel_at``."""
        reports = []
        reporter = smart_data_job.SmartDataJob._progress_reporter
        manager = self.user_manager

        def recording(running):
            inner = reporter(running)

            def report(share, rows):
                reports.append((round(share * 100), rows))
                if len(reports) == cancel_at:
                    running.with_user(manager).action_cancel()
                    running.env.flush_all()
                return inner(share, rows)
            return report

        with patch.object(smart_data_job, "PROGRESS_INTERVAL", 0), \
                patch.object(smart_visit_upload, "BLOCK_ROWS", 20), \
                patch.object(smart_data_job.SmartDataJob, "_progress_reporter", recording):
            self.env["smart.data.job"]._cron_run_jobs()
        return reports

    def test_visit_file_progress_in_the_background(self):
        """A visit file uploaded in the background reports its progress while
        it is read (block by block), checked and written, not only at its end;
        cancelled on the way, it writes nothing."""
        job = self.background_visits(60)
        reports = self.run_reporting(job)
        self.assertEqual(job.state, "done")
        # 61 lines with the header, read in blocks (the sheet row of each block's last
        # row), then checked, then written
        self.assertEqual(reports, [(21, 21), (40, 41), (60, 61), (85, 61), (100, 61)])
        self.assertEqual(self.Visit.search_count([("external_ref", "like", "P-")]), 60)

        cancelled = self.background_visits(60)
        reports = self.run_reporting(cancelled, cancel_at=2)
        self.assertEqual((cancelled.state, cancelled.message), ("cancelled", "Cancelled: nothing was written."))
        self.assertEqual(len(reports), 2, "stopped at the report after the cancel")
        self.assertEqual(self.Visit.search_count([("external_ref", "like", "P-")]), 60, "nothing more written")

    def test_refusals(self):
        content = self.csv("C-0042,2026-04-01 10:00,1000,本店,,,R-1")
        with self.assertRaises(AccessError):
            self.env["smart.data.io"].with_user(self.user_smart).import_file("smart.visit", content, "v.csv")
        with self.assertRaises(UserError):
            self.upload(content, key_field="external_ref")
        with self.assertRaises(UserError):
            self.upload(b64("顧客コード,金額\nC-0042,100\n"))
        self.assertFalse(self.Visit.search_count([]))
