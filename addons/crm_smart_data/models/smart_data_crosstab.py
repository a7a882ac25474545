import base64

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook

DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


class SmartDataCrosstab(models.AbstractModel):
    """Cross-tabs of the records of a target model, computed in the database."""

    _inherit = "smart.data.io"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def crosstab(self, model_name, row_field, col_field, measure="count", measure_field=None, domain=None,
                 granularity="month"):
        """Rows × columns × measure with totals, computed in the database.

        :param measure: count, sum or avg (of ``measure_field``)
        :param granularity: year, month or day, for date rows and columns
        :returns: dict(rows: [labels], cols: [labels], cells: {row: {col: value}},
                  row_totals, col_totals, total)
        """
        model = self._check_target(model_name, "read")
        return self._crosstab(model, row_field, col_field, measure, measure_field, domain, granularity)

    @api.model
    def _crosstab(self, model, row_field, col_field, measure="count", measure_field=None, domain=None,
                  granularity="month"):
        """:meth:`crosstab` of ``model``, whose access the caller has checked.
        Rows and columns may also be a field of a linked record
        (``partner_id.x_age``: a many-to-one, a dot, a field of its model)."""
        self._check_fields(model, [row_field.split(".")[0], col_field.split(".")[0]]
                           + ([measure_field] if measure_field else []))
        if measure not in ("count", "sum", "avg"):
            raise UserError(self.env._("The measure must be count, sum or average."))
        axis_fields = {name: self._crosstab_field(model, name) for name in (row_field, col_field)}
        if measure != "count":
            field = model._fields.get(measure_field or "")
            if not field or field.type not in ("integer", "float", "monetary") or not field.store:
                raise UserError(self.env._("Sum and average need a stored numeric field."))
        if granularity not in DATE_FORMATS:
            raise UserError(self.env._("Dates are grouped by year, month or day."))
        aggregate = "__count" if measure == "count" else f"{measure_field}:{measure}"
        domain = domain or []

        def spec(field_name):
            if axis_fields[field_name].type in ("date", "datetime"):
                return f"{field_name}:{granularity}"
            return field_name

        def label(field_name, value):
            field = axis_fields[field_name]
            if field.type == "boolean":
                return self.env._("Yes") if value else self.env._("No")
            if value is False or value is None or (hasattr(value, "_name") and not value):
                return self.env._("(empty)")
            if hasattr(value, "_name"):
                return value.display_name
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, value)
            if field.type in ("date", "datetime"):
                return value.strftime(DATE_FORMATS[granularity])
            return value

        cells, rows, cols = {}, [], []
        for row_value, col_value, value in model._read_group(domain, [spec(row_field), spec(col_field)], [aggregate]):
            row_label, col_label = label(row_field, row_value), label(col_field, col_value)
            if row_label not in rows:
                rows.append(row_label)
            if col_label not in cols:
                cols.append(col_label)
            cells.setdefault(row_label, {})[col_label] = value or 0
        row_totals = {label(row_field, v): total or 0 for v, total in model._read_group(domain, [spec(row_field)], [aggregate])}
        col_totals = {label(col_field, v): total or 0 for v, total in model._read_group(domain, [spec(col_field)], [aggregate])}
        [[total]] = model._read_group(domain, [], [aggregate])
        return {"rows": rows, "cols": cols, "cells": cells, "row_totals": row_totals,
                "col_totals": col_totals, "total": total or 0, "measure": measure}

    @api.model
    def crosstab_xlsx(self, model_name, row_field, col_field, measure="count", measure_field=None, domain=None):
        """The cross-tab as a formatted XLSX file (base64 text)."""
        model = self._check_target(model_name, "read")
        data = self.crosstab(model_name, row_field, col_field, measure, measure_field, domain)
        return base64.b64encode(self._crosstab_xlsx(model, row_field, col_field, data)).decode()

    @api.model
    def _crosstab_field(self, model, name):
        """The field ``name`` of ``model``, or of its linked model for
        ``link.field``, if rows or columns can be grouped by it."""
        link, _dot, rest = name.partition(".")
        field = model._fields.get(link)
        if field and rest:
            field = self.env[field.comodel_name]._fields.get(rest) if field.type == "many2one" else None
        if not field or not field.store or field.type in ("text", "html", "binary", "one2many", "many2many"):
            raise UserError(self.env._("%s cannot be used as rows or columns.", name))
        return field

    @api.model
    def _crosstab_xlsx(self, model, row_field, col_field, data):
        """The bytes of the XLSX file of the cross-tab ``data`` of ``model``."""
        number, total = ("float", "total_float") if data["measure"] == "avg" else ("integer", "total")
        workbook = XlsxWorkbook()
        sheet = workbook.add_sheet(self.env._("Cross-tab"))
        corner = f"{self._crosstab_field(model, row_field).string} \\ {self._crosstab_field(model, col_field).string}"
        sheet.header([corner, *data["cols"], self.env._("Total")], freeze_cols=1, autofilter=False)
        last_col = len(data["cols"]) + 1
        for i, row in enumerate(data["rows"], start=1):
            sheet.text(i, 0, row, "header")
            for j, col in enumerate(data["cols"], start=1):
                sheet.number(i, j, data["cells"].get(row, {}).get(col, 0), number)
            sheet.number(i, last_col, data["row_totals"].get(row, 0), total)
        last = len(data["rows"]) + 1
        sheet.text(last, 0, self.env._("Total"), "header")
        for j, col in enumerate(data["cols"], start=1):
            sheet.number(last, j, data["col_totals"].get(col, 0), total)
        sheet.number(last, last_col, data["total"], total)
        return workbook.close()
