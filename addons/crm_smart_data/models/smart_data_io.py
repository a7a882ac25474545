from odoo import api, models
from odoo.exceptions import UserError

# ORM field types the upload writes, with the PostgreSQL type of their column
FAST_COLUMN_TYPES = {
    "char": "varchar", "text": "text", "html": "text", "integer": "int4", "float": "float8",
    "monetary": "numeric", "date": "date", "datetime": "timestamp", "boolean": "bool",
    "selection": "varchar", "many2one": "int4",
}


class SmartDataIo(models.AbstractModel):
    """The data tools of customers and Smart CRM databases: upload
    (smart_data_upload.py, converting cells in smart_data_convert.py),
    download (smart_data_download.py) and cross-tab (smart_data_crosstab.py).
    This part says which models they serve and which fields they read and write."""

    _name = "smart.data.io"
    _description = "Smart CRM data upload and download engine"

    @api.model
    def _allowed_models(self):
        """Models whose data may be uploaded, downloaded and drawn from: the
        models Smart CRM fields can be added to."""
        return set(self.env["smart.field"]._allowed_target_models())

    @api.model
    def _check_target(self, model_name, operation):
        if model_name not in self._allowed_models() or model_name not in self.env:
            raise UserError(self.env._("Model %s cannot be used with Smart CRM data tools.", model_name))
        model = self.env[model_name]
        model.check_access(operation)
        return model

    @api.model
    def _importable_fields(self, model):
        """Fields a user may map a column to: stored, writable, not technical."""
        result = {}
        for name, field in model._fields.items():
            if (not field.store or (field.compute and not field.inverse) or (field.readonly and not field.inverse)
                    or name in models.MAGIC_COLUMNS or name in ("id", "display_name", "active")
                    or field.type not in {*FAST_COLUMN_TYPES, "many2many"}):
                continue
            if not model._has_field_access(field, "write"):
                continue
            result[name] = field
        return result
