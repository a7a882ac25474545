import base64
import binascii

from odoo import api, models
from odoo.exceptions import UserError

# ORM field types the upload writes, with the PostgreSQL type of their column
FAST_COLUMN_TYPES = {
    "char": "varchar", "text": "text", "html": "text", "integer": "int4", "float": "float8",
    "monetary": "numeric", "date": "date", "datetime": "timestamp", "boolean": "bool",
    "selection": "varchar", "many2one": "int4",
}
# fields a model's constraints require though the field itself is optional:
# a contact needs a name (res.partner's check constraint on name and type)
REQUIRED_BY_CONSTRAINT = {"res.partner": ("name",)}


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
    def _check_fields(self, model, names):
        """Refuses, with a message naming them, the names that are no fields of ``model``."""
        unknown = [str(name) for name in names if name not in model._fields]
        if unknown:
            raise UserError(self.env._("%(model)s has no field %(fields)s.",
                                       model=model._description or model._name, fields=", ".join(unknown)))

    @api.model
    def _decode_file(self, content):
        """The bytes of a file sent as base64 text, as JSON-2 and binary fields carry files."""
        if not content:
            raise UserError(self.env._("The file is empty."))
        try:
            return base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UserError(self.env._("Send the file as base64 text.")) from exc

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

    @api.model
    def _phone_e164_header(self, label):
        """The header of the column of stored (E.164) numbers that a download adds
        after the phone column ``label`` on request, and that an upload reads back."""
        return self.env._("%(field)s (E.164)", field=label)

    @api.model
    def _required_fields(self, model):
        """Names of the fields every new record of ``model`` needs a value for."""
        return {name for name, field in model._fields.items() if field.required} | set(
            REQUIRED_BY_CONSTRAINT.get(model._name, ()))

    @api.model
    def _missing_required_columns(self, model, importable, mapped):
        """Labels of the required fields that no column of an upload gives and
        that have no default, so that the upload is refused before writing."""
        required = self._required_fields(model)
        return [field._description_string(self.env) for name, field in importable.items()
                if name in required and field.default is None and name not in mapped]

    @api.model
    def _row_label(self, row, header_rows=1):
        """How messages name a row of an uploaded file: its row in the sheet,
        with its row among the data (under the header) in brackets."""
        if row <= header_rows:
            return self.env._("Row %s", row)
        return self.env._("Row %(row)s (data row %(data_row)s)", row=row, data_row=row - header_rows)
