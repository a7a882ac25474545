import base64
import itertools

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models.smart_data_upload import ranges_domain
from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action

PREVIEW_ROWS = 10
# uploads of files this large (KB) or larger run in the background, unless set in Settings
BACKGROUND_KB = 2048


class SmartImportWizard(models.TransientModel):
    """Upload an XLSX or CSV file into customers or a Smart CRM database: columns
    mapped by label, a preview, type checks on every row and an all-or-nothing
    commit (or the valid rows, with the rejected ones to download)."""

    _name = "smart.import.wizard"
    _description = "Smart CRM upload"

    model_id = fields.Many2one(
        "ir.model", string="Upload into", required=True, ondelete="cascade",
        domain=lambda self: [("model", "in", sorted(self.env["smart.data.io"]._allowed_models()))],
        default=lambda self: self.env["ir.model"]._get(self.env.context.get("smart_import_model", "res.partner")))
    res_model = fields.Char(related="model_id.model")
    file = fields.Binary()
    filename = fields.Char()
    encoding = fields.Selection(
        [("auto", "Automatic (UTF-8 or Shift_JIS)"), ("utf-8-sig", "UTF-8"), ("cp932", "Shift_JIS")],
        string="CSV encoding", default="auto", required=True)
    mode = fields.Selection(
        [("all", "All or nothing"), ("valid", "Import valid rows, download the rejected ones")],
        default="all", required=True,
        help="All or nothing: one bad row and nothing is written. Otherwise the valid rows are "
             "written and the rejected ones can be downloaded with the reason.")
    update_existing = fields.Boolean(string="Update existing records",
                                     help="Rows whose key matches an existing record update it.")
    key_field_id = fields.Many2one("ir.model.fields", string="Key field", ondelete="cascade",
                                   domain="[('model_id', '=', model_id), ('store', '=', True)]")
    state = fields.Selection([("upload", "Upload"), ("map", "Map"), ("background", "In the background"),
                              ("done", "Done")], default="upload")
    job_id = fields.Many2one("smart.data.job", string="Upload in the background", readonly=True)
    column_ids = fields.One2many("smart.import.wizard.column", "wizard_id", string="Columns")
    preview_html = fields.Html(readonly=True, sanitize=False)
    error_html = fields.Html(readonly=True, sanitize=False)
    created_count = fields.Integer(readonly=True)
    # ids of the records the upload wrote, as [first, last] ranges (see smart.data.io._upload)
    record_ranges = fields.Json(readonly=True)
    updated_count = fields.Integer(readonly=True)
    rejected_count = fields.Integer(readonly=True)
    rejected_file = fields.Binary(readonly=True, attachment=True)
    rejected_filename = fields.Char(readonly=True)
    template_file = fields.Binary(readonly=True, attachment=True)
    template_filename = fields.Char(readonly=True)

    @api.onchange("model_id")
    def _onchange_model_id(self):
        self.key_field_id = False
        self.column_ids = [Command.clear()]
        self.state = "upload"

    @api.onchange("file", "encoding", "mode", "update_existing", "key_field_id", "column_ids")
    def _onchange_clear_results(self):
        """The results shown are those of the file and mapping they came from:
        any change clears them."""
        self.update(self._cleared_results())

    @api.model
    def _cleared_results(self):
        return {"error_html": False, "created_count": 0, "updated_count": 0, "rejected_count": 0,
                "rejected_file": False, "rejected_filename": False}

    def _content(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to upload."))
        return base64.b64decode(self.file)

    def action_load(self):
        """Read the headers and first rows, map the columns, show the preview."""
        self.ensure_one()
        engine = self.env["smart.data.io"]
        model = engine._check_target(self.res_model, "create")
        rows = engine._read_rows(self._content(), self.filename, self.encoding)
        head = list(itertools.islice(rows, PREVIEW_ROWS + 1))
        if not head:
            raise UserError(self.env._("The file is empty."))
        headers = [str(h) if h is not None else "" for h in head[0]]
        mapping = self._load_mapping(model, headers)
        field_ids = {f.name: f.id for f in self.env["ir.model.fields"].search(
            [("model", "=", self.res_model), ("name", "in", list(mapping.values()))])}
        self.column_ids = [Command.clear()] + [
            Command.create({
                "index": index,
                "header": header or self.env._("Column %s", index + 1),
                "sample": " / ".join(str(row[index]) for row in head[1:4] if index < len(row) and row[index] is not None)[:200],
                "field_id": field_ids.get(mapping.get(index)),
            })
            for index, header in enumerate(headers)
        ]
        self.preview_html = self._table_html(headers, head[1:])
        self.write({**self._cleared_results(), "state": "map"})
        return self._reopen()

    def _load_mapping(self, model, headers):
        """{column index: field name} of a file loaded or reloaded: the mapping on
        screen when the headers did not change, else the one last used for these
        headers and this target, else the one guessed from the headers."""
        engine = self.env["smart.data.io"]
        importable = engine._importable_fields(model)
        shown = [header or self.env._("Column %s", index + 1) for index, header in enumerate(headers)]
        previous = self.column_ids.sorted("index")
        if previous and previous.mapped("header") == shown:
            return {column.index: column.field_id.name for column in previous
                    if column.field_id and column.field_id.name in importable}
        remembered = self.env["smart.import.mapping"]._recall(model._name, shown)
        if remembered is not None:
            return {index: name for index, name in remembered.items()
                    if index < len(headers) and name in importable}
        return engine._guess_mapping(model, headers)

    def action_import(self):
        self.ensure_one()
        if self.state == "upload":
            self.action_load()
        mapping = {col.index: col.field_id.name for col in self.column_ids if col.field_id}
        key = self.key_field_id.name if self.update_existing and self.key_field_id else None
        if self.update_existing and not key:
            raise UserError(self.env._("Choose the key field that identifies existing records."))
        self.env["smart.import.mapping"]._remember(
            self.res_model, [col.header for col in self.column_ids.sorted("index")], mapping)
        if self._runs_in_background():
            self.write({"state": "background", "error_html": False, "job_id": self.env["smart.data.job"]._start({
                "name": self.filename or self.env._("upload"), "model_id": self.model_id.id, "file": self.file,
                "encoding": self.encoding, "mode": self.mode, "mapping": mapping, "key_field": key,
            }).id})
            return self._reopen()
        result = self.env["smart.data.io"].import_file(
            self.res_model, self.file, self.filename, mapping=mapping, mode=self.mode,
            key_field=key, encoding=self.encoding)
        vals = {
            "record_ranges": result["record_ranges"],
            "created_count": result["created"],
            "updated_count": result["updated"],
            "rejected_count": result["rejected_count"],
            "error_html": self._errors_html(result["errors"]) if result["errors"] else False,
            "rejected_file": result["rejected_file"],
            "rejected_filename": result["rejected_file"] and self.env._("rejected_rows.xlsx"),
        }
        vals["state"] = "map" if result["errors"] and self.mode == "all" else "done"
        self.write(vals)
        return self._reopen()

    def _runs_in_background(self):
        """Whether the file is large enough for the upload to take more than a
        few seconds (setting Background uploads from, in KB)."""
        try:
            threshold = int(self.env["ir.config_parameter"].sudo().get_param(
                "crm_smart_data.upload_background_kb", BACKGROUND_KB))
        except ValueError:
            threshold = BACKGROUND_KB
        return len(self.file or b"") * 3 // 4 >= max(threshold, 0) * 1024

    def action_download_rejected(self):
        self.ensure_one()
        return download_action(self, "rejected_file", "rejected_filename")

    def action_download_template(self):
        """An empty file to fill in: the target's columns, and what each takes on a second sheet."""
        self.ensure_one()
        self.write({"template_file": self.env["smart.data.io"].template_xlsx(self.res_model),
                    "template_filename": self.env._("%s - upload template.xlsx", self.model_id.name)})
        return download_action(self, "template_file", "template_filename")

    def action_open_records(self):
        """The records the upload wrote (those its job wrote when it ran in the background)."""
        self.ensure_one()
        ranges = self.job_id.record_ranges if self.job_id else self.record_ranges
        return {"type": "ir.actions.act_window", "res_model": self.res_model, "view_mode": "list,form",
                "name": self.model_id.name, "domain": ranges_domain(ranges)}

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new", "name": self.env._("Upload")}

    @api.model
    def _table_html(self, headers, rows):
        head = Markup("").join(Markup("<th>%s</th>") % h for h in headers)
        body = Markup("").join(
            Markup("<tr>%s</tr>") % Markup("").join(
                Markup("<td>%s</td>") % ("" if cell is None else cell) for cell in row)
            for row in rows)
        return Markup('<table class="table table-sm table-bordered o_smart_import_preview">'
                      '<thead><tr>%s</tr></thead><tbody>%s</tbody></table>') % (head, body)

    @api.model
    def _errors_html(self, errors):
        lines = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                self.env["smart.data.io"]._row_label(row), column, escape(message))
            for row, column, message in errors)
        title = self.env._("Nothing was written: correct these rows and upload again.") \
            if self.mode == "all" else self.env._("These rows were rejected.")
        return Markup('<p class="text-danger fw-bold">%s</p><table class="table table-sm">'
                      '<thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>') % (
            title, self.env._("Row"), self.env._("Column"), self.env._("Problem"), lines)


class SmartImportWizardColumn(models.TransientModel):
    _name = "smart.import.wizard.column"
    _description = "Smart CRM upload column"
    _order = "index"

    wizard_id = fields.Many2one("smart.import.wizard", required=True, ondelete="cascade")
    index = fields.Integer(required=True)
    header = fields.Char(readonly=True)
    sample = fields.Char(readonly=True)
    field_id = fields.Many2one(
        "ir.model.fields", string="Mapped field", ondelete="cascade",
        domain="[('model_id', '=', parent.model_id), ('store', '=', True), ('readonly', '=', False), "
               "('name', 'not in', ['id', 'create_uid', 'create_date', 'write_uid', 'write_date'])]")
