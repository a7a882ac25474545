import base64
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.smart_data_job import SmartDataJob

ROWS = 60


@tagged("post_install", "-at_install")
class TestSmartDataJobUi(HttpCase):

    def signal_started_jobs(self):
        """An event set once a request has started a job. The thread playing
        the scheduled action waits for it before it opens a cursor: until the
        browser runs, the test itself uses the test's connection (logging the
        tour's user in), which a thread's cursor must not use at the same time."""
        started = threading.Event()
        start = SmartDataJob._start

        def signalled(model, vals):
            job = start(model, vals)
            started.set()
            return job
        self.patch(SmartDataJob, "_start", signalled)
        return started

    def test_background_upload_tour(self):
        """A manager uploads customers; the upload goes to the background (a
        small threshold here) and the dialog shows its progress, then its result.
        The scheduled action's part is played by a thread of this test: it
        reports 40% of the rows read, waits for the dialog to show it, then
        runs the upload."""
        self.env.ref("base.user_admin").lang = "en_US"
        self.env["ir.config_parameter"].sudo().set_param("crm_smart_data.upload_background_kb", 1)
        shown = threading.Event()
        started = self.signal_started_jobs()
        failures = []
        get_progress = SmartDataJob.get_progress

        def watched(job):
            result = get_progress(job)
            if result["progress"] == 40:
                shown.set()
            return result

        def scheduled_action():
            try:
                if not started.wait(150):
                    raise AssertionError("no upload was started")
                job_id = None
                deadline = time.monotonic() + 150
                while not job_id and time.monotonic() < deadline:
                    with self.registry.cursor() as cr:
                        job = api.Environment(cr, SUPERUSER_ID, {})["smart.data.job"].search(
                            [("state", "=", "pending")], limit=1)
                        if job:
                            job.write({"state": "running"})
                            job._progress_reporter()(0.4, 24)
                            job_id = job.id
                    time.sleep(0.2)
                if not shown.wait(90):
                    raise AssertionError("the dialog never showed 40%")
                with self.registry.cursor() as cr:
                    api.Environment(cr, SUPERUSER_ID, {})["smart.data.job"].browse(job_id)._run()
            except Exception as exc:  # noqa: BLE001 - reported by the test
                failures.append(exc)

        self.patch(SmartDataJob, "get_progress", watched)
        runner = threading.Thread(target=scheduled_action, name="smart-upload-job")
        runner.start()
        try:
            self.start_tour("/odoo", "crm_smart_upload_background_tour", login="admin", timeout=240)
        finally:
            runner.join(timeout=120)
            self.assertEqual(failures, [], "the thread playing the scheduled action failed")
        job = self.env["smart.data.job"].search([("name", "=", "customers.csv")])
        self.assertEqual((job.state, job.created_count, job.progress), ("done", ROWS, 100.0))
        self.assertEqual(self.env["res.partner"].search_count([("email", "=like", "background%@example.jp")]), ROWS)

    def test_background_crosstab_tour(self):
        """A manager downloads the XLSX file of a cross-tab of customers; it is
        made in the background (a small threshold here) and the dialog offers
        the file once the job (run by a thread of this test, for the scheduled
        action) has made it."""
        self.env.ref("base.user_admin").lang = "en_US"
        self.env["ir.config_parameter"].sudo().set_param("crm_smart_data.download_background_records", 1)
        started = self.signal_started_jobs()
        failures = []

        def scheduled_action():
            try:
                if not started.wait(150):
                    raise AssertionError("no cross-tab was started")
                deadline = time.monotonic() + 150
                while time.monotonic() < deadline:
                    with self.registry.cursor() as cr:
                        job = api.Environment(cr, SUPERUSER_ID, {})["smart.data.job"].search(
                            [("state", "=", "pending"), ("kind", "=", "crosstab")], limit=1)
                        if job:
                            job.write({"state": "running"})
                            job._run()
                            return
                    time.sleep(0.2)
                raise AssertionError("no cross-tab was started")
            except Exception as exc:  # noqa: BLE001 - reported by the test
                failures.append(exc)

        runner = threading.Thread(target=scheduled_action, name="smart-crosstab-job")
        runner.start()
        try:
            self.start_tour("/odoo", "crm_smart_crosstab_background_tour", login="admin", timeout=240)
        finally:
            runner.join(timeout=120)
            self.assertEqual(failures, [], "the thread playing the scheduled action failed")
        job = self.env["smart.data.job"].search([("kind", "=", "crosstab")])
        self.assertEqual((job.state, job.user_id), ("done", self.env.ref("base.user_admin")))
        self.assertTrue(job.result_file)

    def test_result_files_open_for_the_owner_only(self):
        """The links of the notification and of the job (the file made, the
        rejected rows) serve the file to the user who started the job; another
        user, a rep or a visitor gets no file."""
        owner, other = (new_test_user(self.env, login=login, groups="crm_smart_base.group_smart_manager")
                        for login in ("smart_job_owner", "smart_job_other"))
        rep = new_test_user(self.env, login="smart_job_rep", groups="crm_smart_base.group_smart_user")
        content = b"PK\x03\x04 cross-tab"
        jobs = self.env["smart.data.job"].create([{
            "kind": kind, "name": "集計.xlsx", "user_id": owner.id, "state": "done", "result_kind": result_kind,
            "model_id": self.env["ir.model"]._get("res.partner").id, field: base64.b64encode(content),
        } for kind, result_kind, field in (("crosstab", "file", "result_file"),
                                           ("upload", "rejects", "rejected_file"))])
        for job in jobs:
            url = job.with_user(owner).action_open_result()["url"]
            with self.subTest(kind=job.kind):
                self.authenticate("smart_job_owner", "smart_job_owner")
                response = self.url_open(url)
                self.assertEqual((response.status_code, response.content), (200, content))
                self.assertIn("attachment", response.headers["Content-Disposition"])
                for login in (other.login, rep.login, None):
                    self.authenticate(login, login)
                    response = self.url_open(url, allow_redirects=False)
                    self.assertIn(response.status_code, (403, 404), login)
                    self.assertNotIn(content, response.content)
