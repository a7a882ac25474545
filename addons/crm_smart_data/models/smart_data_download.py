import csv
import io

import xlsxwriter

from odoo import api, models
from odoo.exceptions import AccessError

from odoo.addons.crm_smart_base.tools import xlsx_writer


def _chunks(records, size):
    for start in range(0, len(records), size):
        yield records[start:start + size]


class SmartDataDownload(models.AbstractModel):
    """Downloads of the records of a target model as XLSX or CSV files."""

    _inherit = "smart.data.io"

    @api.model
    def export_xlsx(self, model_name, domain=None, field_names=None, ids=None):
        """An XLSX file (bytes) of the records matching ``domain`` (or ``ids``): typed
        cells, styled and frozen header row, autofilter and column widths."""
        model = self._check_target(model_name, "read")
        field_names = field_names or self._default_export_fields(model)
        fields_ = [model._fields[name] for name in field_names]
        for field in fields_:
            if not model._has_field_access(field, "read"):
                raise AccessError(self.env._("You are not allowed to read the field %s.", field.string))
        records = model.browse(ids).exists() if ids is not None else model.search(domain or [])
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": True})
        sheet = book.add_worksheet((model._description or model._name)[:31])
        formats = xlsx_writer.formats(book)
        widths = [max(8, min(60, len(field.string) * 2 + 2)) for field in fields_]
        for col, field in enumerate(fields_):
            sheet.write_string(0, col, field._description_string(self.env), formats["header"])
        row = 0
        for chunk in _chunks(records, 1000):
            chunk.fetch(field_names)
            for record in chunk:
                row += 1
                for col, field in enumerate(fields_):
                    width = xlsx_writer.write_record_cell(sheet, row, col, record, field, formats)
                    widths[col] = max(widths[col], min(60, width))
            chunk.invalidate_recordset()
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        if fields_:
            sheet.autofilter(0, 0, max(row, 1), len(fields_) - 1)
        book.close()
        return output.getvalue()

    @api.model
    def export_csv(self, model_name, domain=None, field_names=None, ids=None, encoding="utf-8-sig"):
        """A CSV file (bytes, UTF-8 with BOM for Excel by default, or Shift_JIS)."""
        model = self._check_target(model_name, "read")
        field_names = field_names or self._default_export_fields(model)
        records = model.browse(ids).exists() if ids is not None else model.search(domain or [])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([model._fields[name]._description_string(self.env) for name in field_names])
        for chunk in _chunks(records, 1000):
            for record in chunk:
                writer.writerow([xlsx_writer.display_value(record, model._fields[name]) for name in field_names])
        return buffer.getvalue().encode(encoding, errors="replace")

    @api.model
    def _default_export_fields(self, model):
        names = ["display_name"] if "display_name" in model._fields else []
        return names + [name for name in self._importable_fields(model) if name != "display_name"]
