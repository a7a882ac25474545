import base64

from odoo import api, models
from odoo.exceptions import AccessError

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook, csv_content, record_csv_cell


def _chunks(records, size):
    for start in range(0, len(records), size):
        yield records[start:start + size]


class SmartDataDownload(models.AbstractModel):
    """Downloads of the records of a target model as XLSX or CSV files."""

    _inherit = "smart.data.io"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def export_xlsx(self, model_name, domain=None, field_names=None, record_ids=None):
        """An XLSX file (base64 text) of the records matching ``domain`` (or those of ``record_ids``):
        typed cells, styled and frozen header row, autofilter and column widths."""
        model, fields_ = self._export_fields(model_name, field_names)
        workbook = XlsxWorkbook()
        sheet = workbook.add_sheet(model._description or model._name)
        sheet.header([field._description_string(self.env) for field in fields_])
        row = 0
        for chunk in self._export_chunks(model, domain, record_ids, fields_):
            for record in chunk:
                row += 1
                for col, field in enumerate(fields_):
                    sheet.record_cell(row, col, record, field)
        return base64.b64encode(workbook.close()).decode()

    @api.model
    def export_csv(self, model_name, domain=None, field_names=None, record_ids=None, encoding="utf-8-sig"):
        """A CSV file (base64 text; UTF-8 with BOM for Excel by default, or Shift_JIS).
        Texts that a spreadsheet would run as formulas start with a single quote."""
        model, fields_ = self._export_fields(model_name, field_names)

        def rows():
            yield [field._description_string(self.env) for field in fields_]
            for chunk in self._export_chunks(model, domain, record_ids, fields_):
                for record in chunk:
                    yield [record_csv_cell(record, field) for field in fields_]

        return base64.b64encode(csv_content(rows(), encoding)).decode()

    @api.model
    def _export_fields(self, model_name, field_names):
        """The target model and the fields of a download, checked: known and readable."""
        model = self._check_target(model_name, "read")
        field_names = field_names or self._default_export_fields(model)
        self._check_fields(model, field_names)
        fields_ = [model._fields[name] for name in field_names]
        for field in fields_:
            if not model._has_field_access(field, "read"):
                raise AccessError(self.env._("You are not allowed to read the field %s.", field.string))
        return model, fields_

    @api.model
    def _export_chunks(self, model, domain, record_ids, fields_):
        """The records of a download by a thousand, their fields read at once and
        dropped from the cache after their rows are written."""
        records = model.browse(record_ids).exists() if record_ids is not None else model.search(domain or [])
        for chunk in _chunks(records, 1000):
            chunk.fetch([field.name for field in fields_])
            yield chunk
            chunk.invalidate_recordset()

    @api.model
    def _default_export_fields(self, model):
        names = ["display_name"] if "display_name" in model._fields else []
        return names + [name for name in self._importable_fields(model) if name != "display_name"]
