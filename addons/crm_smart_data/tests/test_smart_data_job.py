import base64
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from ..models import smart_data_crosstab, smart_data_download, smart_data_job
from ..models.smart_data_upload import SmartDataUpload
from .common_data import VISIT_MODEL, SmartDataCase


def visits_csv(count, bad=None):
    lines = ["Visitor,Amount"] + [f"来店者 {i},{i * 10}" for i in range(1, count + 1)]
    if bad:
        lines[bad] = f"来店者 {bad},たくさん"  # not a number
    return base64.b64encode("\r\n".join(lines).encode())


def recorder(reports):
    """A function to report progress to that notes each report in ``reports``."""
    return lambda share, rows: reports.append((share, rows))


@tagged("at_install", "-post_install")
class TestSmartDataJob(SmartDataCase):
    """Large uploads run in the background: a scheduled action runs them, the
    upload dialog shows their progress, the user is told the result and may
    cancel them, which writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("crm_smart_data.upload_background_kb", 1)
        cls.user_manager.lang = "en_US"  # the messages of the job are in its user's language
        cls.cron = cls.env.ref("crm_smart_data.ir_cron_smart_data_job")

    def start(self, content, mode="all", user=None):
        wizard = self.env["smart.import.wizard"].with_user(user or self.user_manager).create({
            "model_id": self.env["ir.model"]._get(VISIT_MODEL).id, "file": content, "filename": "visits.csv",
            "mode": mode})
        with self.allowed(VISIT_MODEL):
            wizard.action_import()
        return wizard

    def run_jobs(self):
        notices = []

        def bus_send(users, kind, message, **kwargs):
            notices.append((users.login, kind, message))

        with self.allowed(VISIT_MODEL), patch.object(type(self.env["res.users"]), "_bus_send", bus_send):
            self.env["smart.data.job"]._cron_run_jobs()
        return notices

    def test_large_upload_runs_in_the_background_and_tells_the_result(self):
        earlier = self.Visit.create({"x_name": "前の来店者"})
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        wizard = self.start(visits_csv(300))
        job = wizard.job_id
        self.assertEqual((wizard.state, job.state, job.user_id), ("background", "pending", self.user_manager))
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]), triggers + 1)
        self.assertEqual(self.Visit.search_count([]), 1, "nothing written before the scheduled action runs")
        self.assertEqual(job.with_user(self.user_manager).get_progress()["state"], "pending")
        notices = self.run_jobs()
        self.assertEqual(self.Visit.search_count([]), 301)
        self.assertEqual(self.Visit.search([("id", "!=", earlier.id)], order="id", limit=1).create_uid,
                         self.user_manager,
                         "written as the user who uploaded the file")
        progress = job.with_user(self.user_manager).get_progress()
        self.assertEqual((progress["state"], progress["progress"], progress["created"], progress["rows_done"]),
                         ("done", 100.0, 300, 301))
        self.assertEqual(notices, [("smart_manager", "smart_data_job_notification", {
            "type": "success", "title": "Upload finished", "sticky": True,
            "message": "visits.csv: 300 created, 0 updated, 0 rejected.",
            "job_id": job.id, "button": "Open the records"})])
        action = job.with_user(self.user_manager).action_open_result()
        self.assertEqual((action["type"], action["res_model"]), ("ir.actions.act_window", VISIT_MODEL),
                         "the notification's button opens the records of the target")
        opened = self.Visit.search(action["domain"])
        self.assertEqual((len(opened), earlier in opened), (300, False), "those the upload wrote")
        self.assertEqual(wizard.action_open_records()["domain"], action["domain"])

    def test_rejected_rows_are_the_result_of_a_valid_rows_upload(self):
        job = self.start(visits_csv(300, bad=50), mode="valid").job_id
        notices = self.run_jobs()
        self.assertEqual((job.created_count, job.rejected_count, job.result_kind), (299, 1, "rejects"))
        self.assertEqual(notices[0][2]["button"], "Download the rejected rows")
        action = job.with_user(self.user_manager).action_open_result()
        self.assertEqual(action, {"type": "ir.actions.act_url", "target": "download",
                                  "url": f"/web/content/smart.data.job/{job.id}/rejected_file/rejected_rows.xlsx"
                                         "?download=true"})
        self.assertEqual(job.with_user(self.user_manager).get_progress()["rejects_url"], action["url"],
                         "the upload dialog offers the same file")
        rows = list(self.read_xlsx(base64.b64decode(job.rejected_file)).active.iter_rows(values_only=True))
        self.assertEqual(rows[1][:2], (51, "来店者 50"), "the rejected row, with its sheet row number")

    def test_small_upload_runs_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_smart_data.upload_background_kb", 100)
        wizard = self.start(visits_csv(30))
        self.assertEqual((wizard.state, wizard.created_count, wizard.job_id.id), ("done", 30, False))

    def test_bad_row_reported_and_nothing_written(self):
        job = self.start(visits_csv(300, bad=120)).job_id
        notices = self.run_jobs()
        self.assertEqual((job.state, job.created_count), ("done", 0))
        self.assertEqual([row[:2] for row in job.errors], [[121, "Amount"]])
        self.assertEqual(job.message, "Nothing was written: correct these rows and upload again.")
        self.assertFalse(self.Visit.search_count([]))
        self.assertEqual((notices[0][2]["type"], notices[0][2]["button"]), ("warning", "See what went wrong"))
        action = job.with_user(self.user_manager).action_open_result()
        self.assertEqual((action["res_model"], action["res_id"]), ("smart.data.job", job.id))
        self.assertIn("<td>Amount</td>", job.with_user(self.user_manager).errors_html,
                      "the job shows the rows that were not written")

    def test_cancel_writes_nothing(self):
        waiting = self.start(visits_csv(300)).job_id
        waiting.with_user(self.user_manager).action_cancel()
        self.assertEqual(waiting.state, "cancelled")
        for mode in ("all", "valid"):
            with self.subTest(mode=mode):
                job = self.start(visits_csv(300, bad=50 if mode == "valid" else None), mode=mode).job_id
                reports = []
                with patch.object(smart_data_job, "PROGRESS_INTERVAL", 0), \
                        patch.object(smart_data_job.SmartDataJob, "_progress_reporter",
                                     self.cancelling_reporter(reports)), \
                        patch.object(SmartDataUpload, "_read_blocks", autospec=True,
                                     side_effect=self.small_read_blocks()):
                    self.run_jobs()
                self.assertEqual(job.state, "cancelled")
                self.assertEqual(len(reports), 2, "stopped at the report after the cancel")
                self.assertEqual(job.message, "Cancelled: nothing was written.")
                self.assertFalse(job.result_kind)
                with self.assertRaises(UserError):
                    job.with_user(self.user_manager).action_open_result()
                self.assertFalse(self.Visit.search_count([]), "nothing written, in either mode")
        self.assertEqual(waiting.state, "cancelled", "a cancelled upload never runs")

    def test_progress_moves_on_after_a_bad_row(self):
        """An all-or-nothing upload that met a bad row writes nothing more but
        keeps checking the rest of the file: its progress keeps moving."""
        job = self.start(visits_csv(300, bad=20)).job_id
        reports = []
        report = smart_data_job.SmartDataJob._progress_reporter

        def recording(job):
            inner = report(job)

            def wrapped(share, rows):
                reports.append((share, rows))
                return inner(share, rows)
            return wrapped

        with patch.object(smart_data_job, "PROGRESS_INTERVAL", 0), \
                patch.object(smart_data_job.SmartDataJob, "_progress_reporter", recording), \
                patch.object(SmartDataUpload, "_read_blocks", autospec=True, side_effect=self.small_read_blocks()):
            self.run_jobs()
        self.assertEqual([row[:2] for row in job.errors], [[21, "Amount"]])
        self.assertGreaterEqual(len(reports), 6, "a report for each block of 50 rows, after the bad row too")
        self.assertEqual([rows for _share, rows in reports], sorted(rows for _share, rows in reports))
        self.assertEqual(reports[-1][1], 301, "the last row of the file was checked and reported")
        self.assertEqual(reports[-1][0], 1.0)

    def cancelling_reporter(self, reports):
        """_progress_reporter, the user cancelling the upload after its first report."""
        report = smart_data_job.SmartDataJob._progress_reporter
        manager = self.user_manager

        def reporter(job):
            inner = report(job)

            def wrapped(share, rows):
                reports.append(share)
                if len(reports) == 2:
                    job.with_user(manager).action_cancel()
                    job.env.flush_all()
                return inner(share, rows)
            return wrapped
        return reporter

    def small_read_blocks(self):
        read_blocks = SmartDataUpload._read_blocks
        return lambda self, *args: read_blocks(self, *args, size=50)

    def test_only_own_uploads(self):
        job = self.start(visits_csv(300)).job_id
        other = new_test_user(self.env, login="smart_manager_2", groups="crm_smart_base.group_smart_manager")
        self.assertFalse(self.env["smart.data.job"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            job.with_user(other).action_cancel()
        with self.assertRaises(AccessError):
            job.with_user(self.user_manager).write({"state": "done"})
        self.assertIn(job, self.env["smart.data.job"].with_user(self.user_admin).search([]))

    def test_failure_recorded_with_the_reason(self):
        job = self.start(visits_csv(300)).job_id
        with patch.object(SmartDataUpload, "_import_file", autospec=True,
                          side_effect=UserError("The file has more than 10 rows (setting Maximum rows).")):
            notices = self.run_jobs()
        self.assertEqual((job.state, job.message), ("failed", "The file has more than 10 rows (setting Maximum rows)."))
        self.assertEqual(notices[0][2]["message"],
                         "visits.csv: The file has more than 10 rows (setting Maximum rows).")
        self.assertEqual((job.result_kind, notices[0][2]["button"]), ("job", "See what went wrong"))

    def test_finished_uploads_dropped_after_a_month(self):
        old, recent = (self.start(visits_csv(300)).job_id for _i in range(2))
        self.run_jobs()
        self.env.flush_all()
        self.env.cr.execute("UPDATE smart_data_job SET write_date = now() - interval '31 days' WHERE id = %s",
                            [old.id])
        self.env["smart.data.job"]._gc_finished_jobs()
        self.assertEqual((old.exists(), recent.exists()), (self.env["smart.data.job"], recent))


@tagged("at_install", "-post_install")
class TestSmartDataJobDownload(SmartDataCase):
    """Large downloads and cross-tabs are made in the background too: the same
    file as made at once, kept on the job for its user (and administrators),
    with progress and a cancel."""

    run_jobs = TestSmartDataJob.run_jobs
    cancelling_reporter = TestSmartDataJob.cancelling_reporter

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.lang = "en_US"
        cls.env["ir.config_parameter"].sudo().set_param("crm_smart_data.download_background_records", 100)
        cls.Visit.create([{"x_name": f"来店者 {i}", "x_amount": i * 10, "x_store": ("shibuya", "umeda")[i % 2]}
                          for i in range(120)])
        cls.columns = cls.env["ir.model.fields"].search(
            [("model", "=", VISIT_MODEL), ("name", "in", ["x_name", "x_amount", "x_store"])]).sorted("id")

    def download(self, file_format="xlsx", user=None):
        wizard = self.env["smart.export.wizard"].with_user(user or self.user_manager).create({
            "model_id": self.env["ir.model"]._get(VISIT_MODEL).id, "file_format": file_format,
            "domain": "[('x_name', 'like', '来店者')]",
            "field_ids": [Command.set(self.columns.ids)]})
        with self.allowed(VISIT_MODEL):
            action = wizard.action_download()
        return wizard, action

    def test_large_download_made_in_the_background_is_the_same_file(self):
        for file_format in ("xlsx", "csv", "csv_sjis"):
            with self.subTest(file_format=file_format):
                wizard, action = self.download(file_format)
                job = wizard.job_id
                self.assertEqual((action["res_model"], job.kind, job.state), ("smart.export.wizard", "download",
                                                                              "pending"))
                notices = self.run_jobs()
                self.assertEqual((job.state, job.rows_done), ("done", 120))
                progress = job.with_user(self.user_manager).get_progress()
                self.assertTrue(progress["download_url"].startswith(
                    f"/web/content/smart.data.job/{job.id}/result_file/"))
                with self.allowed(VISIT_MODEL):
                    direct = self.io.with_user(self.user_manager)._export_file(
                        VISIT_MODEL, file_format, domain=[("x_name", "like", "来店者")],
                        field_names=self.columns.mapped("name"))[0]
                made = base64.b64decode(job.result_file)
                if file_format == "xlsx":
                    def cells(content):
                        return [[c.value for c in row] for row in self.read_xlsx(content).active.iter_rows()]
                    self.assertEqual(cells(made), cells(base64.b64decode(direct)))
                    self.assertEqual(len(cells(made)), 121)
                else:
                    self.assertEqual(made, base64.b64decode(direct))
                self.assertEqual((notices[0][2]["type"], notices[0][2]["job_id"], notices[0][2]["button"]),
                                 ("success", job.id, "Download the file"))
                self.assertIn(job.name, notices[0][2]["message"])
                self.assertEqual(job.with_user(self.user_manager).action_open_result(), {
                    "type": "ir.actions.act_url", "url": progress["download_url"], "target": "download"})

    def test_small_download_made_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param("crm_smart_data.download_background_records", 1000)
        wizard, action = self.download()
        self.assertFalse(wizard.job_id)
        self.assertTrue(wizard.file)
        self.assertEqual(action["type"], "ir.actions.act_url")

    def crosstab_wizard(self):
        """The cross-tab dialog of the manager: visits by store and first visit."""
        return self.env["smart.crosstab.wizard"].with_user(self.user_manager).create({
            "model_id": self.env["ir.model"]._get(VISIT_MODEL).id,
            "row_field_id": self.env["ir.model.fields"]._get(VISIT_MODEL, "x_store").id,
            "col_field_id": self.env["ir.model.fields"]._get(VISIT_MODEL, "x_first_visit").id})

    def test_large_crosstab_made_in_the_background(self):
        wizard = self.crosstab_wizard()
        with self.allowed(VISIT_MODEL):
            wizard.action_download()
            direct = self.io.with_user(self.user_manager).crosstab_xlsx(VISIT_MODEL, "x_store", "x_first_visit")
        job = wizard.job_id
        self.assertEqual((job.kind, job.state), ("crosstab", "pending"))
        self.run_jobs()
        self.assertEqual(job.state, "done")

        def cells(content):
            return [[c.value for c in row] for row in self.read_xlsx(base64.b64decode(content)).active.iter_rows()]
        self.assertEqual(cells(job.result_file), cells(direct))

    def test_crosstab_in_chunks_is_the_one_query_crosstab(self):
        """A cross-tab in the background reads the records in ranges of ids,
        reporting its progress after each: the result is the same, in the
        same order, for every measure and kind of rows and columns."""
        partners = self.env["res.partner"].create([{"name": name} for name in ("高橋", "青木", "佐藤")])
        visits = self.Visit.search([], order="id")
        for i, visit in enumerate(visits):
            visit.write({"x_first_visit": i % 3 == 0, "x_partner_id": partners[i % 4].id if i % 4 < 3 else False,
                         "x_visit_date": f"2024-{(i * 7) % 12 + 1:02d}-{i % 28 + 1:02d}" if i % 5 else False,
                         "x_amount": i * 10 if i % 6 else False})
        visits[:5].x_store = False
        model = self.Visit.with_user(self.user_manager)
        cases = [("x_store", "x_first_visit", "count", None), ("x_partner_id", "x_visit_date", "sum", "x_amount"),
                 ("x_visit_date", "x_store", "avg", "x_amount"), ("x_first_visit", "x_partner_id", "count", None),
                 ("x_partner_id.name", "x_store", "avg", "x_amount")]
        for row_field, col_field, measure, measure_field in cases:
            with self.subTest(rows=row_field, cols=col_field, measure=measure),                     patch.object(smart_data_crosstab, "CROSSTAB_CHUNK", 7):
                reports = []
                once = self.io._crosstab(model, row_field, col_field, measure, measure_field,
                                         [("x_name", "like", "来店者")])
                chunked = self.io._crosstab(model, row_field, col_field, measure, measure_field,
                                            [("x_name", "like", "来店者")],
                                            progress=recorder(reports))
                self.assertEqual(once, chunked)
                for key in ("cells", "row_totals", "col_totals"):
                    self.assertEqual(list(once[key]), list(chunked[key]), "in the same order")
                self.assertGreater(len(once["rows"]), 1)
                self.assertGreaterEqual(len(reports), 120 // 7, "a report for each range of ids")
                self.assertEqual(reports, sorted(reports))
                self.assertEqual(reports[-1], (1.0, 120))

    def test_crosstab_reports_progress_and_cancels_between_chunks(self):
        wizard = self.crosstab_wizard()
        with self.allowed(VISIT_MODEL):
            wizard.action_download()
        job = wizard.job_id
        reports = []
        with patch.object(smart_data_job, "PROGRESS_INTERVAL", 0), \
                patch.object(smart_data_job.SmartDataJob, "_progress_reporter", self.cancelling_reporter(reports)), \
                patch.object(smart_data_crosstab, "CROSSTAB_CHUNK", 30):
            self.run_jobs()
        self.assertEqual(len(reports), 2, "cancelled after the first range of ids, stopped before the next")
        self.assertEqual((job.state, job.message, job.result_file, job.result_kind), ("cancelled", "Cancelled.",
                                                                                       False, False))
        with self.allowed(VISIT_MODEL):
            wizard.action_download()
        progress = []
        with patch.object(smart_data_crosstab, "CROSSTAB_CHUNK", 30), \
                patch.object(smart_data_job.SmartDataJob, "_progress_reporter",
                             lambda job: recorder(progress)):
            self.run_jobs()
        self.assertEqual(wizard.job_id.state, "done")
        ids = self.Visit.search([]).ids
        starts = range(min(ids), max(ids) + 1, 30)
        self.assertGreaterEqual(len(starts), 4)
        self.assertEqual(progress[1:], [(i / len(starts), len([x for x in ids if x < start + 30]))
                                        for i, start in enumerate(starts, start=1)],
                         "the bar moves after each range of 30 ids")

    def test_cancel_stops_the_download(self):
        job = self.download()[0].job_id
        reports = []
        with patch.object(smart_data_job, "PROGRESS_INTERVAL", 0), \
                patch.object(smart_data_job.SmartDataJob, "_progress_reporter", self.cancelling_reporter(reports)), \
                patch.object(smart_data_download, "EXPORT_CHUNK", 50):
            self.run_jobs()
        self.assertEqual(len(reports), 2, "stopped at the report after the cancel")
        self.assertEqual((job.state, job.message, job.result_file), ("cancelled", "Cancelled.", False))

    def test_only_the_owner_or_an_administrator_downloads_the_file(self):
        job = self.download()[0].job_id
        self.run_jobs()
        other = new_test_user(self.env, login="smart_manager_2", groups="crm_smart_base.group_smart_manager")
        binary = self.env["ir.binary"]
        for user in (self.user_manager, self.user_admin):
            self.assertEqual(binary.with_user(user)._find_record(
                res_model="smart.data.job", res_id=job.id, field="result_file"), job)
        for user in (other, self.user_smart):
            with self.assertRaises(AccessError):
                binary.with_user(user)._find_record(res_model="smart.data.job", res_id=job.id, field="result_file")
        with self.assertRaises(AccessError):
            job.with_user(self.user_manager).write({"result_file": base64.b64encode(b"forged")})

    def test_sales_user_downloads_in_the_background(self):
        """A rep (no upload rights) may start, follow and download a large download of customers."""
        self.env["res.partner"].create([{"name": f"顧客 {i}"} for i in range(100)])
        wizard = self.env["smart.export.wizard"].with_user(self.user_smart).create({
            "model_id": self.env["ir.model"]._get("res.partner").id, "file_format": "csv",
            "field_ids": [Command.set(self.env["ir.model.fields"].search(
                [("model", "=", "res.partner"), ("name", "=", "name")]).ids)]})
        wizard.action_download()
        job = wizard.job_id
        self.assertEqual(job.user_id, self.user_smart)
        self.run_jobs()
        self.assertEqual(job.with_user(self.user_smart).get_progress()["state"], "done")
        self.assertIn("顧客 99", base64.b64decode(job.with_user(self.user_smart).result_file).decode("utf-8-sig"))
