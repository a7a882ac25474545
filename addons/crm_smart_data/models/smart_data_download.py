import base64
import itertools

from lxml import etree

from odoo import api, models
from odoo.exceptions import AccessError

from ..tools.xlsx_reader.parts import safe_parser
from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook, csv_cell, csv_content, record_csv_cell

# records read and written at a time by a download
EXPORT_CHUNK = 1000


def _chunks(records, size):
    for start in range(0, len(records), size):
        yield records[start:start + size]


class SmartDataDownload(models.AbstractModel):
    """Downloads of the records of a target model as XLSX or CSV files."""

    _inherit = "smart.data.io"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def export_xlsx(self, model_name, domain=None, field_names=None, record_ids=None, phone_e164=False):
        """An XLSX file (base64 text) of the records matching ``domain`` (or those of ``record_ids``):
        typed cells, styled and frozen header row, autofilter and column widths. Phone numbers are
        in the national format of the company's country; with ``phone_e164``, each phone column is
        followed by one of the stored numbers in E.164."""
        return self._export_file(model_name, "xlsx", domain, field_names, record_ids, phone_e164=phone_e164)[0]

    @api.model
    def export_csv(self, model_name, domain=None, field_names=None, record_ids=None, encoding="utf-8-sig",
                   phone_e164=False):
        """A CSV file (base64 text; UTF-8 with BOM for Excel by default, or Shift_JIS).
        Texts that a spreadsheet would run as formulas start with a single quote.
        Phone numbers as in :meth:`export_xlsx`."""
        return self._export_file(model_name, "csv_sjis" if encoding == "cp932" else "csv", domain, field_names,
                                 record_ids, encoding=encoding, phone_e164=phone_e164)[0]

    @api.model
    def _export_file(self, model_name, file_format, domain=None, field_names=None, record_ids=None,
                     encoding=None, progress=None, phone_e164=False):
        """(the file as base64 text, its rows) of a download, made at once or
        in the background (smart.data.job).

        :param file_format: xlsx, csv (UTF-8 with BOM) or csv_sjis (Shift_JIS)
        :param progress: a function called after each chunk of records with the
            share of the records written (0 to 1) and their count; what it
            raises stops the download
        :param phone_e164: add a column of the stored (E.164) numbers after each phone column
        """
        model, fields_ = self._export_fields(model_name, field_names)
        columns = self._export_columns(model, fields_, phone_e164)
        records = model.browse(record_ids).exists() if record_ids is not None else model.search(domain or [])
        written = {"rows": 0}

        def rows():
            for chunk in self._export_chunks(records, fields_):
                yield from chunk
                written["rows"] += len(chunk)
                if progress:
                    progress(written["rows"] / (len(records) or 1), written["rows"])

        headers = [header for header, _field, _phone in columns]
        region = self.env["smart.field"]._phone_region()

        def phone_text(value, phone):
            """A stored phone number as the phone widget shows it, or as stored (E.164)."""
            if not value:
                return ""
            return value if phone == "e164" else convert.phone_national(value, region)

        if file_format == "xlsx":
            workbook = XlsxWorkbook()
            sheet = workbook.add_sheet(model._description or model._name)
            sheet.header(headers)
            for row, record in enumerate(rows(), start=1):
                for col, (_header, field, phone) in enumerate(columns):
                    if phone:
                        sheet.text(row, col, phone_text(record[field.name], phone))
                    else:
                        sheet.record_cell(row, col, record, field)
            content = workbook.close()
        else:
            encoding = encoding or ("cp932" if file_format == "csv_sjis" else "utf-8-sig")
            content = csv_content(itertools.chain([headers], (
                [csv_cell(phone_text(record[field.name], phone)) if phone else record_csv_cell(record, field)
                 for _header, field, phone in columns]
                for record in rows())), encoding)
        return base64.b64encode(content).decode(), written["rows"]

    @api.model
    def _export_columns(self, model, fields_, phone_e164=False):
        """The columns of a download as ``(header, field, phone)``: ``phone`` is
        ``national`` for a phone custom field, ``e164`` for the column of its
        stored numbers that ``phone_e164`` adds after it, else None."""
        phones = self.env["smart.field"]._phone_field_names(model._name)
        columns = []
        for field in fields_:
            label = field._description_string(self.env)
            if field.name not in phones:
                columns.append((label, field, None))
                continue
            columns.append((label, field, "national"))
            if phone_e164:
                columns.append((self._phone_e164_header(label), field, "e164"))
        return columns

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
    def _export_chunks(self, records, fields_):
        """The records of a download by a thousand, their fields read at once and
        dropped from the cache after their rows are written."""
        for chunk in _chunks(records, EXPORT_CHUNK):
            chunk.fetch([field.name for field in fields_])
            yield chunk
            chunk.invalidate_recordset()

    @api.model
    def _default_export_fields(self, model):
        """The columns of a download when none are chosen: the fields the user sees on the model's form, in
        the form's order (what a user means by "all fields"); technical ones only when chosen."""
        allowed = self._importable_fields(model)
        names = [name for name in self._form_field_names(model) if name in allowed]
        if "x_name" in names or "name" in names:
            return names
        return (["display_name"] if "display_name" in model._fields else []) + names

    @api.model
    def _form_field_names(self, model):
        """Names of the fields shown on the model's form for the current user, in their order: not those
        always invisible, nor those of the lines of a one2many, nor the technical ones."""
        arch = etree.fromstring(model.get_views([(False, "form")])["views"]["form"]["arch"], safe_parser())
        names = []
        for node in arch.iter("field"):
            name = node.get("name")
            if (name in names or node.get("invisible") in ("1", "True") or name in self._technical_field_names(model)
                    or any(parent.tag == "field" for parent in node.iterancestors())):
                continue
            names.append(name)
        return names

    @api.model
    def _technical_field_names(self, model):
        """Fields that a download or a column picker offers only on request: record ids, who and when,
        archiving, company and currency bookkeeping."""
        names = {"id", "display_name", *models.MAGIC_COLUMNS, "active", "x_active", "currency_id", "x_currency_id",
                 "smart_currency_id", "color", "sequence"}
        if not self.env.user.has_group("base.group_multi_company"):
            names |= {"company_id", "x_company_id"}
        return {name for name in names if name in model._fields}
