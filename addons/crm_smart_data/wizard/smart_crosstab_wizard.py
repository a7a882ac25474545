from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.crm_smart_base.tools.domain import parse_domain
from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action


class SmartCrosstabWizard(models.TransientModel):
    """Rows × columns × measure with totals, on screen and as a formatted XLSX."""

    _name = "smart.crosstab.wizard"
    _description = "Smart CRM cross-tab"

    model_id = fields.Many2one(
        "ir.model", string="Data", required=True, ondelete="cascade",
        domain=lambda self: [("model", "in", sorted(self.env["smart.data.io"]._allowed_models()))],
        default=lambda self: self.env["ir.model"]._get(self.env.context.get("smart_crosstab_model", "res.partner")))
    res_model = fields.Char(related="model_id.model")
    domain = fields.Char(string="Filter", default="[]")
    row_field_id = fields.Many2one(
        "ir.model.fields", string="Rows", required=True, ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
               "('ttype', 'in', ['char', 'selection', 'many2one', 'boolean', 'date', 'integer'])]")
    col_field_id = fields.Many2one(
        "ir.model.fields", string="Columns", required=True, ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True), "
               "('ttype', 'in', ['char', 'selection', 'many2one', 'boolean', 'date', 'integer'])]")
    measure = fields.Selection([("count", "Count"), ("sum", "Sum"), ("avg", "Average")],
                               default="count", required=True)
    measure_field_id = fields.Many2one(
        "ir.model.fields", string="Of", ondelete="cascade",
        domain="[('model_id', '=', model_id), ('store', '=', True), ('ttype', 'in', ['integer', 'float', 'monetary'])]")
    table_html = fields.Html(compute="_compute_table_html", sanitize=False)
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)
    job_id = fields.Many2one("smart.data.job", string="Download in the background", readonly=True)

    def _args(self):
        return (self.res_model, self.row_field_id.name, self.col_field_id.name, self.measure,
                self.measure_field_id.name or None, parse_domain(self.env, self.domain))

    @api.depends("model_id", "domain", "row_field_id", "col_field_id", "measure", "measure_field_id")
    def _compute_table_html(self):
        for wizard in self:
            if not (wizard.row_field_id and wizard.col_field_id) or (
                    wizard.measure != "count" and not wizard.measure_field_id):
                wizard.table_html = False
                continue
            data = self.env["smart.data.io"].crosstab(*wizard._args())
            wizard.table_html = wizard._render(data)

    def _render(self, data):
        def fmt(value):
            return f"{value:,.2f}" if data["measure"] == "avg" else f"{value:,}"

        head = Markup("").join(Markup("<th>%s</th>") % col for col in data["cols"])
        rows = Markup("").join(
            Markup("<tr><th>%s</th>%s<td class='fw-bold'>%s</td></tr>") % (
                row,
                Markup("").join(Markup("<td>%s</td>") % fmt(data["cells"].get(row, {}).get(col, 0)) for col in data["cols"]),
                fmt(data["row_totals"].get(row, 0)))
            for row in data["rows"])
        totals = Markup("").join(Markup("<td class='fw-bold'>%s</td>") % fmt(data["col_totals"].get(col, 0))
                                 for col in data["cols"])
        total_label = self.env._("Total")
        return Markup(
            "<table class='table table-sm table-bordered text-end o_smart_crosstab'>"
            "<thead><tr><th></th>%s<th>%s</th></tr></thead><tbody>%s"
            "<tr><th>%s</th>%s<td class='fw-bold'>%s</td></tr></tbody></table>") % (
            head, total_label, rows, total_label, totals, fmt(data["total"]))

    def action_download(self):
        """Downloads the XLSX file at once, or, for many records, starts a job
        that makes it in the background, whose progress the dialog then shows."""
        self.ensure_one()
        filename = self.env._("cross-tab %s.xlsx", self.model_id.name)
        jobs = self.env["smart.data.job"]
        if jobs._runs_in_background(self.env[self.res_model].search_count(parse_domain(self.env, self.domain))):
            self.job_id = jobs._start({
                "kind": "crosstab", "name": filename, "model_id": self.model_id.id,
                "params": {"row_field": self.row_field_id.name, "col_field": self.col_field_id.name,
                           "measure": self.measure, "measure_field": self.measure_field_id.name or None,
                           "domain": self.domain or "[]"}})
            return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                    "view_mode": "form", "target": "new", "name": self.env._("Cross-tab")}
        self.write({"file": self.env["smart.data.io"].crosstab_xlsx(*self._args()), "filename": filename})
        return download_action(self, "file", "filename")
