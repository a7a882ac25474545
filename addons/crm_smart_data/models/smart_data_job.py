import contextlib
import logging
import time
from urllib.parse import quote as url_quote

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .smart_data_upload import ranges_domain
from odoo.addons.crm_smart_base.tools.domain import parse_domain

_logger = logging.getLogger(__name__)

# seconds between two reports of the progress of a running upload, at least
PROGRESS_INTERVAL = 1.0
# downloads and cross-tabs of this many records or more run in the background, unless set in Settings
BACKGROUND_RECORDS = 20000
# days a finished upload (its file and rejected rows) is kept
KEEP_DAYS = 30


class UploadCancelled(Exception):
    """Raised in a running job whose user asked to cancel it."""


class SmartDataJob(models.Model):
    """An upload, download or cross-tab run in the background by a scheduled
    action, when it is large enough to take more than a few seconds (settings
    Background uploads from and Background downloads from).

    The job is one transaction, committed once at its end: until then nothing
    of an upload is written, so cancelling it (or a failure) writes nothing,
    in the valid-rows mode too; a download or cross-tab keeps its file on the
    job, for the user who started it (and administrators). Its progress is
    written in transactions of its own, which the dialog reads every second."""

    _name = "smart.data.job"
    _description = "Smart CRM upload or download in the background"
    _order = "id desc"

    kind = fields.Selection(
        [("upload", "Upload"), ("download", "Download"), ("crosstab", "Cross-tab")],
        string="Job", default="upload", required=True, readonly=True)
    name = fields.Char(string="File name", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Uploaded by", required=True, readonly=True, index=True,
                              default=lambda self: self.env.user, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True,
                                 default=lambda self: self.env.company, ondelete="cascade")
    model_id = fields.Many2one("ir.model", string="Upload into", required=True, readonly=True, ondelete="cascade")
    file = fields.Binary(readonly=True, attachment=True, help="The file uploaded.")
    encoding = fields.Char(readonly=True, default="auto")
    mode = fields.Selection(
        [("all", "All or nothing"), ("valid", "Import valid rows, download the rejected ones")],
        default="all", required=True, readonly=True)
    mapping = fields.Json(readonly=True, help="Column index → field name, as the upload dialog mapped them.")
    key_field = fields.Char(readonly=True)
    state = fields.Selection(
        [("pending", "Waiting"), ("running", "Running"), ("done", "Done"), ("failed", "Failed"),
         ("cancelled", "Cancelled")],
        default="pending", required=True, readonly=True, index=True)
    progress = fields.Float(readonly=True, help="Percentage of the rows read and written.")
    rows_done = fields.Integer(string="Rows read", readonly=True)
    cancel_requested = fields.Boolean(readonly=True)
    created_count = fields.Integer(readonly=True)
    record_ranges = fields.Json(readonly=True, help="Ids of the records the upload wrote, as [first, last] ranges: "
                                                    "its result opens them (all the records if False).")
    updated_count = fields.Integer(readonly=True)
    rejected_count = fields.Integer(readonly=True)
    rejected_file = fields.Binary(readonly=True, attachment=True)
    errors = fields.Json(readonly=True, help="[(row, column, problem)] of the rows that were not written.")
    message = fields.Text(readonly=True)
    params = fields.Json(string="Parameters", readonly=True,
                         help="What a download or cross-tab reads: filter, columns, format.")
    result_file = fields.Binary(string="File made", readonly=True, attachment=True,
                                help="The file a download or cross-tab made.")
    result_kind = fields.Selection(
        [("records", "Open the records"), ("rejects", "Download the rejected rows"), ("file", "Download the file"),
         ("job", "See what went wrong")],
        string="Result", readonly=True,
        help="What the end-of-job notification and the Result button open: the records uploaded, the rejected "
             "rows, the file made, or the job's errors.")
    errors_html = fields.Html(string="Rows not written", compute="_compute_errors_html", sanitize=False)

    @api.depends("errors", "mode")
    def _compute_errors_html(self):
        for job in self:
            job.errors_html = job.errors and self.env["smart.import.wizard"].new(
                {"mode": job.mode})._errors_html(job.errors)

    @api.model
    def _start(self, vals):
        """Creates a job of the current user and has the scheduled action run it
        soon. Jobs are made only here (their fields are the workflow's, which
        users only read)."""
        job = self.sudo().create({**vals, "user_id": self.env.user.id, "company_id": self.env.company.id})
        self.env.ref("crm_smart_data.ir_cron_smart_data_job").sudo()._trigger()
        return job.sudo(False)

    @api.model
    def _runs_in_background(self, record_count):
        """Whether a download or cross-tab of ``record_count`` records is large
        enough to run in the background (setting Background downloads from)."""
        try:
            threshold = int(self.env["ir.config_parameter"].sudo().get_param(
                "crm_smart_data.download_background_records", BACKGROUND_RECORDS))
        except ValueError:
            threshold = BACKGROUND_RECORDS
        return record_count >= (threshold if threshold > 0 else BACKGROUND_RECORDS)

    def get_progress(self):
        """What the upload dialog shows of a job: its state, the percentage
        done, the rows read and, once finished, its result."""
        self.ensure_one()
        return {
            "kind": self.kind,
            "state": self.state,
            "state_label": dict(self._fields["state"]._description_selection(self.env))[self.state],
            "progress": round(self.progress, 1),
            "rows_done": self.rows_done,
            "created": self.created_count,
            "updated": self.updated_count,
            "rejected": self.rejected_count,
            "message": self.message or "",
            "download_url": self.result_kind == "file" and self._result_url(),
            "rejects_url": self.result_kind == "rejects" and self._result_url(),
        }

    def _result_url(self):
        """Where the user downloads the file a download or cross-tab made, or
        the rejected rows of an upload: the job's own file, which only the
        users who may read the job (its owner, administrators) can open."""
        field, filename = ("result_file", self.name) if self.result_kind == "file" else (
            "rejected_file", self.with_context(lang=self.user_id.lang).env._("rejected_rows.xlsx"))
        return f"/web/content/{self._name}/{self.id}/{field}/{url_quote(filename)}?download=true"

    def action_open_result(self):
        """Opens what the job made (see result_kind), from the end-of-job
        notification or the job."""
        self.ensure_one()
        if self.result_kind == "records":
            return {"type": "ir.actions.act_window", "res_model": self.model_id.model, "name": self.model_id.name,
                    "view_mode": "list,form", "views": [(False, "list"), (False, "form")], "target": "current",
                    "domain": ranges_domain(self.record_ranges)}
        if self.result_kind in ("rejects", "file"):
            return {"type": "ir.actions.act_url", "url": self._result_url(), "target": "download"}
        if self.result_kind == "job":
            return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                    "views": [(False, "form")], "target": "current", "name": self.name}
        raise UserError(self.env._("This job has no result to open."))

    def action_cancel(self):
        """Cancels a waiting upload, or asks a running one to stop: it stops at
        its next report of progress, and writes nothing."""
        for job in self:
            if job.user_id != self.env.user and not self.env.user.has_group("crm_smart_base.group_smart_admin"):
                raise AccessError(self.env._("Only the user who started a job may cancel it."))
            if job.state == "pending":
                job.sudo().write({"state": "cancelled", "message": self.env._("Cancelled before it started.")})
            elif job.state == "running":
                job.sudo().cancel_requested = True
        return True

    @api.autovacuum
    def _gc_finished_jobs(self):
        """Drops the uploads finished more than KEEP_DAYS ago, with their files."""
        self.search([("state", "in", ("done", "failed", "cancelled")),
                     ("write_date", "<", fields.Datetime.subtract(fields.Datetime.now(), days=KEEP_DAYS))]).unlink()

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------

    @api.model
    def _cron_run_jobs(self):
        """Runs the waiting uploads one after the other, each in a transaction
        of its own (see the class)."""
        cron = self.env["ir.cron"]
        while True:
            self.flush_model(["state"])
            self.env.cr.execute(SQL(
                "SELECT id FROM smart_data_job WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"))
            row = self.env.cr.fetchone()
            if not row:
                return
            job = self.browse(row[0])
            job.write({"state": "running", "progress": 0.0})
            if self._commits():
                cron._commit_progress(remaining=self.search_count([("state", "=", "pending")]) + 1)
            job._run()
            if self._commits():
                cron._commit_progress(1)

    @api.model
    def _commits(self):
        """Whether the job commits its transactions (not within a test's)."""
        return not modules.module.current_test

    def _run(self):
        """Runs one job as the user who started it, then records its result
        and tells the user."""
        self.ensure_one()
        engine = self.env["smart.data.io"].with_user(self.user_id).with_company(self.company_id).with_context(
            lang=self.user_id.lang)
        vals = {}
        runners = {"upload": self._run_upload, "download": self._run_download, "crosstab": self._run_crosstab}
        try:
            with self.env.cr.savepoint():
                vals = {"state": "done", "progress": 100.0, **runners[self.kind](engine, self._progress_reporter())}
        except UploadCancelled:
            vals = {"state": "cancelled", "message": engine.env._("Cancelled: nothing was written.")
                    if self.kind == "upload" else engine.env._("Cancelled.")}
        except (UserError, AccessError) as exc:
            vals = {"state": "failed", "message": str(exc)}
        except Exception:
            _logger.exception("Job %s (%s) on %s failed", self.id, self.kind, self.model_id.model)
            vals = {"state": "failed", "message": engine.env._("The upload failed: nothing was written.")
                    if self.kind == "upload" else engine.env._("The download failed.")}
        vals["result_kind"] = self._result_kind(vals)
        if self._commits():
            # the upload's rows first, then its result, in a transaction that
            # sees the progress written meanwhile
            self.env["ir.cron"]._commit_progress()
        self.write(vals)
        self._notify_user()

    def _result_kind(self, vals):
        """What the job's result is, from the values it ends with (see result_kind)."""
        if vals["state"] == "failed":
            return "job"
        if vals["state"] != "done":
            return False
        if self.kind != "upload":
            return "file"
        if vals.get("rejected_file"):
            return "rejects"
        return "job" if vals.get("errors") and self.mode == "all" else "records"

    def _run_upload(self, engine, progress):
        """Uploads the job's file; returns what the job records of the result."""
        result = engine._upload(
            self.model_id.model, self.file, self.name, mapping=self.mapping or None, mode=self.mode,
            key_field=self.key_field or None, encoding=self.encoding or "auto", progress=progress)
        vals = {
            "record_ranges": result["record_ranges"],
            "created_count": result["created"],
            "updated_count": result["updated"],
            "rejected_count": result["rejected_count"],
            "rejected_file": result["rejected_file"],
            "errors": [list(error) for error in result["errors"]],
        }
        if result["errors"] and self.mode == "all":
            vals["message"] = engine.env._("Nothing was written: correct these rows and upload again.")
        return vals

    def _run_download(self, engine, progress):
        """Makes the job's download file (the same as the download dialog makes at once)."""
        params = self.params or {}
        content, rows = engine._export_file(
            self.model_id.model, params.get("file_format", "xlsx"), domain=parse_domain(self.env, params.get("domain")),
            field_names=params.get("field_names") or None, record_ids=params.get("record_ids"), progress=progress,
            phone_e164=bool(params.get("phone_e164")))
        return {"result_file": content, "rows_done": rows}

    def _run_crosstab(self, engine, progress):
        """Makes the job's cross-tab XLSX file (the same as the cross-tab dialog makes at once)."""
        params = self.params or {}
        progress(0.0, 0)
        content = engine._crosstab_xlsx_file(
            self.model_id.model, params["row_field"], params["col_field"], params.get("measure", "count"),
            params.get("measure_field"), parse_domain(self.env, params.get("domain")), progress=progress)
        return {"result_file": content}

    def _progress_reporter(self):
        """The function the upload calls with its progress (see
        _import_file): it writes it, and stops the upload when cancelled.
        The progress is written in a transaction of its own, committed at
        once, so that the user sees it while the upload's stays open."""
        job_id, registry, commits = self.id, self.env.registry, self._commits()
        last = {"time": 0.0}

        def report(share, rows):
            now = time.monotonic()
            if now - last["time"] < PROGRESS_INTERVAL and share < 1:
                return
            last["time"] = now
            cursor = registry.cursor() if commits else contextlib.nullcontext(self.env.cr)
            with cursor as cr:
                cr.execute(SQL(
                    "UPDATE smart_data_job SET progress = %s, rows_done = %s WHERE id = %s RETURNING cancel_requested",
                    round(share * 100, 1), rows, job_id))
                cancelled = cr.fetchone()[0]
            if not commits:
                self.invalidate_recordset(["progress", "rows_done", "cancel_requested"])
            if cancelled:
                raise UploadCancelled()
        return report

    def _notify_user(self):
        """Tells the user who started the upload how it ended, wherever they
        are, with a button that opens its result (action_open_result), as
        core's notifications with an action button do."""
        self.ensure_one()
        env = self.with_context(lang=self.user_id.lang).env
        if self.kind != "upload":
            if self.state == "done":
                kind, title = "success", env._("Download ready")
                message = env._("%(file)s is ready: download it here, or later from the list of jobs in the "
                                "background.", file=self.name)
            else:
                kind, title = "warning", env._("Download not made")
                message = f"{self.name}: {self.message or ''}"
        elif self.state == "done" and not (self.errors and self.mode == "all"):
            kind, title = "success", env._("Upload finished")
            message = env._("%(file)s: %(created)s created, %(updated)s updated, %(rejected)s rejected.",
                            file=self.name, created=self.created_count, updated=self.updated_count,
                            rejected=self.rejected_count)
        else:
            kind, title = "warning", env._("Upload not written")
            message = f"{self.name}: {self.message or ''}"
        button = self.result_kind and dict(self._fields["result_kind"]._description_selection(env))[self.result_kind]
        self.user_id._bus_send("smart_data_job_notification", {
            "type": kind, "title": title, "message": message, "sticky": True, "job_id": self.id, "button": button})
