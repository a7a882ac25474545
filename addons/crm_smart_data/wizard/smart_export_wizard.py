from odoo import api, fields, models

from odoo.addons.crm_smart_base.tools.domain import parse_domain
from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action


class SmartExportWizard(models.TransientModel):
    """Download the records of the current filter or selection as a formatted
    XLSX (typed cells, styled frozen header, autofilter) or as CSV."""

    _name = "smart.export.wizard"
    _description = "Smart CRM download"

    model_id = fields.Many2one(
        "ir.model", string="Download from", required=True, ondelete="cascade",
        domain=lambda self: [("model", "in", sorted(self.env["smart.data.io"]._allowed_models()))])
    res_model = fields.Char(related="model_id.model")
    domain = fields.Char(default="[]", help="The filter of the list the download was started from.")
    record_ids = fields.Char(help="Comma-separated ids of the selected records, when some were selected.")
    record_count = fields.Integer(compute="_compute_record_count")
    field_ids = fields.Many2many(
        "ir.model.fields", string="Columns", domain="[('id', 'in', offered_field_ids)]",
        help="Empty: the fields shown on the form.")
    technical_fields = fields.Boolean(
        string="Technical Columns", help="Also offer record ids, creation and update details, archiving, company "
                                         "and currency.")
    offered_field_ids = fields.Many2many("ir.model.fields", compute="_compute_offered_field_ids")
    has_phone_fields = fields.Boolean(compute="_compute_has_phone_fields")
    phone_e164 = fields.Boolean(
        string="Phone numbers also in international format (E.164)",
        help="Phone numbers are downloaded as they are shown (090-1234-5678). Ticked, each phone column is "
             "followed by a column of the stored numbers (+819012345678), for systems that need them.")
    file_format = fields.Selection([("xlsx", "Excel (XLSX)"), ("csv", "CSV (UTF-8)"), ("csv_sjis", "CSV (Shift_JIS)")],
                                   default="xlsx", required=True)
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)
    job_id = fields.Many2one("smart.data.job", string="Download in the background", readonly=True)

    @api.private
    @api.model
    def action_open(self, model_name, context=None):
        """The download dialog for ``model_name``, from a list's selection or filter
        (the server action of a list's Download menu calls it, never a client)."""
        context = dict(context or self.env.context)
        ids = context.get("active_ids") if not context.get("active_domain") else None
        wizard = self.create({
            "model_id": self.env["ir.model"]._get(model_name).id,
            "domain": repr(context.get("active_domain") or []),
            "record_ids": ",".join(map(str, ids)) if ids else False,
        })
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": wizard.id,
                "view_mode": "form", "target": "new", "name": self.env._("Download")}

    @api.depends("model_id", "technical_fields")
    def _compute_offered_field_ids(self):
        for wizard in self:
            if not wizard.res_model:
                wizard.offered_field_ids = False
                continue
            model = self.env[wizard.res_model]
            hidden = set() if wizard.technical_fields else self.env["smart.data.io"]._technical_field_names(model)
            wizard.offered_field_ids = self.env["ir.model.fields"].search([
                ("model_id", "=", wizard.model_id.id), ("store", "=", True),
                ("ttype", "not in", ["binary", "one2many"]), ("name", "not in", sorted(hidden))])

    @api.depends("res_model")
    def _compute_has_phone_fields(self):
        for wizard in self:
            wizard.has_phone_fields = bool(
                wizard.res_model and self.env["smart.field"]._phone_field_names(wizard.res_model))

    @api.depends("domain", "record_ids", "res_model")
    def _compute_record_count(self):
        for wizard in self:
            if not wizard.res_model:
                wizard.record_count = 0
            elif wizard.record_ids:
                wizard.record_count = len(wizard._ids_selected())
            else:
                wizard.record_count = self.env[wizard.res_model].search_count(parse_domain(self.env, wizard.domain))

    def _ids_selected(self):
        return [int(x) for x in (self.record_ids or "").split(",") if x.strip().isdigit()]

    def action_download(self):
        """Downloads the file at once, or, for many records, starts a job that
        makes it in the background, whose progress the dialog then shows."""
        self.ensure_one()
        names = self.field_ids.sorted(lambda f: f.id).mapped("name") or None
        ids = self._ids_selected() or None
        filename = f"{self.model_id.name}.{'xlsx' if self.file_format == 'xlsx' else 'csv'}"
        jobs = self.env["smart.data.job"]
        if jobs._runs_in_background(self.record_count):
            self.job_id = jobs._start({
                "kind": "download", "name": filename, "model_id": self.model_id.id,
                "params": {"file_format": self.file_format, "domain": self.domain or "[]", "field_names": names,
                           "record_ids": ids, "phone_e164": self.phone_e164}})
            return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                    "view_mode": "form", "target": "new", "name": self.env._("Download")}
        content = self.env["smart.data.io"]._export_file(
            self.res_model, self.file_format, domain=parse_domain(self.env, self.domain), field_names=names,
            record_ids=ids, phone_e164=self.phone_e164)[0]
        self.write({"file": content, "filename": filename})
        return download_action(self, "file", "filename")
