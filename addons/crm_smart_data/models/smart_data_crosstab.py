import base64

from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook

DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
# record ids read at a time by a cross-tab made in the background, between two reports of its progress
CROSSTAB_CHUNK = 10000


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
                  granularity="month", progress=None):
        """:meth:`crosstab` of ``model``, whose access the caller has checked.
        Rows and columns may also be a field of a linked record
        (``partner_id.x_age``: a many-to-one, a dot, a field of its model).

        :param progress: for a job in the background, the function its
            progress is reported to: the records are then read in ranges,
            with a report after each (see :meth:`_crosstab_in_chunks`), for
            the same result"""
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

        if progress is None:
            cross = model._read_group(domain, [spec(row_field), spec(col_field)], [aggregate])
            row_totals = model._read_group(domain, [spec(row_field)], [aggregate])
            col_totals = model._read_group(domain, [spec(col_field)], [aggregate])
            [[total]] = model._read_group(domain, [], [aggregate])
        else:
            cross, row_totals, col_totals, total = self._crosstab_in_chunks(
                model, domain, spec(row_field), spec(col_field), measure, measure_field, progress)
        cells, rows, cols = {}, [], []
        for row_value, col_value, value in cross:
            row_label, col_label = label(row_field, row_value), label(col_field, col_value)
            if row_label not in rows:
                rows.append(row_label)
            if col_label not in cols:
                cols.append(col_label)
            cells.setdefault(row_label, {})[col_label] = value or 0
        return {"rows": rows, "cols": cols, "cells": cells,
                "row_totals": {label(row_field, v): value or 0 for v, value in row_totals},
                "col_totals": {label(col_field, v): value or 0 for v, value in col_totals},
                "total": total or 0, "measure": measure}

    @api.model
    def _crosstab_in_chunks(self, model, domain, row_spec, col_spec, measure, measure_field, progress):
        """The groups of :meth:`_crosstab`, aggregated over ranges of
        CROSSTAB_CHUNK record ids one after the other, calling
        ``progress(share, records)`` after each (which may stop the work).

        Each range is read once, so the whole costs about the one query it
        replaces. Counts and sums add up; an average is a sum divided by the
        count of its values. The groups come out in the database's order, as
        from one query: the first record of each row and column value is
        grouped again at the end, which orders the values.

        :returns: (row, column, value) in the order of rows then columns,
                  (row, total), (column, total), the grand total
        """
        if measure == "count":
            aggregates = ["__count"]
        else:
            aggregates = [f"{measure_field}:sum"] + ([f"{measure_field}:count"] if measure == "avg" else [])
        [[first_id, last_id]] = self.env.execute_query(
            SQL("SELECT MIN(id), MAX(id) FROM %s", SQL.identifier(model._table)))
        chunks = range(first_id or 0, (last_id or -1) + 1, CROSSTAB_CHUNK)
        sums, first_of_row, first_of_col, records = {}, {}, {}, 0
        for done, start in enumerate(chunks, start=1):
            chunk = Domain(domain) & Domain("id", ">=", start) & Domain("id", "<", start + CROSSTAB_CHUNK)
            for row_value, col_value, *values, count, first in model._read_group(
                    chunk, [row_spec, col_spec], [*aggregates, "__count", "id:min"]):
                totals = sums.setdefault((row_value, col_value), [0] * len(values))
                for i, value in enumerate(values):
                    totals[i] += value or 0
                first_of_row[row_value] = min(first_of_row.get(row_value, first), first)
                first_of_col[col_value] = min(first_of_col.get(col_value, first), first)
                records += count
            progress(done / len(chunks), records)

        def ordered(spec, firsts):
            keys = {value: value for value in firsts}  # the values as grouped, in their environment
            return [keys[value] for [value] in model.with_context(active_test=False)._read_group(
                [("id", "in", list(firsts.values()))], [spec])]

        def measured(totals):
            if measure != "avg":
                return totals[0]
            return totals[0] / totals[1] if totals[1] else 0

        def merged(groups):
            totals = [sum(column) for column in zip(*(sums[group] for group in groups))]
            return measured(totals) if totals else 0

        rows, cols = ordered(row_spec, first_of_row), ordered(col_spec, first_of_col)
        by_row = {row: [col for col in cols if (row, col) in sums] for row in rows}
        cross = [(row, col, measured(sums[row, col])) for row in rows for col in by_row[row]]
        row_totals = [(row, merged([(row, col) for col in by_row[row]])) for row in rows]
        col_totals = [(col, merged([(row, col) for row in rows if (row, col) in sums])) for col in cols]
        return cross, row_totals, col_totals, merged(list(sums))

    @api.model
    def crosstab_xlsx(self, model_name, row_field, col_field, measure="count", measure_field=None, domain=None):
        """The cross-tab as a formatted XLSX file (base64 text)."""
        return self._crosstab_xlsx_file(model_name, row_field, col_field, measure, measure_field, domain)

    @api.model
    def _crosstab_xlsx_file(self, model_name, row_field, col_field, measure="count", measure_field=None,
                            domain=None, progress=None):
        """:meth:`crosstab_xlsx`, reporting its progress to ``progress`` (see
        :meth:`_crosstab`) when made by a job in the background."""
        model = self._check_target(model_name, "read")
        data = self._crosstab(model, row_field, col_field, measure, measure_field, domain, progress=progress)
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
