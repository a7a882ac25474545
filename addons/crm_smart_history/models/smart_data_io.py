from odoo import api, models
from odoo.exceptions import UserError

from .smart_visit_upload import UPLOAD_FIELDS


class SmartDataIo(models.AbstractModel):
    """Visits and purchases in the data tools: uploaded (with the checks and
    the replay of ``import_visits``), downloaded and cross-tabulated like
    customers and databases."""

    _inherit = "smart.data.io"

    @api.model
    def _allowed_models(self):
        return super()._allowed_models() | {"smart.visit"}

    @api.model
    def _importable_fields(self, model):
        if model._name != "smart.visit":
            return super()._importable_fields(model)
        return {name: model._fields[name] for name in UPLOAD_FIELDS}

    @api.model
    def _import_file(self, model_name, content, filename, mapping=None, mode="all", key_field=None,
                     encoding="auto", header_row=True, max_errors=500, progress=None):
        """For ``smart.visit``, the visits of the file (see
        ``smart.visit._import_visit_file``): rows are matched on their external
        reference, never updated, so there is no key field. Overriding the
        private entry serves both the public ``import_file`` and the uploads run
        in the background (``smart.data.job``)."""
        if model_name != "smart.visit":
            return super()._import_file(model_name, content, filename, mapping=mapping, mode=mode,
                                        key_field=key_field, encoding=encoding, header_row=header_row,
                                        max_errors=max_errors, progress=progress)
        self._check_target(model_name, "create")
        if key_field:
            raise UserError(self.env._("Visits are never updated by an upload: a row whose external reference "
                                       "is already recorded is left as it is."))
        if mapping is not None:
            mapping = self._visit_mapping(mapping)
        return self.env["smart.visit"]._import_visit_file(content, filename, mapping, mode=mode, encoding=encoding,
                                                          header_row=header_row, max_errors=max_errors,
                                                          progress=progress)

    @api.model
    def _visit_mapping(self, mapping):
        """{column index: field name} as given over JSON-2 (keys may be text), checked."""
        try:
            mapping = {int(index): name for index, name in mapping.items() if name}
        except (AttributeError, TypeError, ValueError) as exc:
            raise UserError(self.env._(
                "The mapping goes from column numbers (0 for the first column) to field names.")) from exc
        unknown = [str(name) for name in mapping.values() if name not in UPLOAD_FIELDS]
        if unknown:
            raise UserError(self.env._("These fields cannot be imported: %s", ", ".join(unknown)))
        return mapping
