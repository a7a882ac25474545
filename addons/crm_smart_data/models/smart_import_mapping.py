import hashlib

from odoo import api, fields, models

from .smart_field_alias import header_key


class SmartImportMapping(models.Model):
    """The last mapping of an upload's columns to fields, per target and set
    of headers: the next file with the same headers is mapped the same way."""

    _name = "smart.import.mapping"
    _description = "Remembered upload mapping"
    _order = "write_date desc, id desc"

    model_id = fields.Many2one("ir.model", required=True, ondelete="cascade", index=True)
    headers_key = fields.Char(required=True, index=True, help="Digest of the file's headers, in order.")
    mapping = fields.Json(help="{column number: field name}")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)

    _model_headers_unique = models.Constraint("UNIQUE(model_id, headers_key, company_id)",
                                              "A mapping is remembered once per target and headers.")

    @api.model
    def _headers_key(self, headers):
        return hashlib.sha256("\x1f".join(header_key(header) for header in headers).encode()).hexdigest()

    @api.model
    def _recall(self, model_name, headers):
        """{column index: field name} last used for these headers on ``model_name``, or None."""
        found = self.search([("model_id.model", "=", model_name), ("headers_key", "=", self._headers_key(headers)),
                             ("company_id", "=", self.env.company.id)], limit=1)
        return {int(index): name for index, name in (found.mapping or {}).items()} if found else None

    @api.model
    def _remember(self, model_name, headers, mapping):
        key = self._headers_key(headers)
        model = self.env["ir.model"]._get(model_name)
        values = {str(index): name for index, name in mapping.items() if name}
        found = self.search([("model_id", "=", model.id), ("headers_key", "=", key),
                             ("company_id", "=", self.env.company.id)], limit=1)
        if found:
            found.mapping = values
        else:
            self.create({"model_id": model.id, "headers_key": key, "mapping": values})
