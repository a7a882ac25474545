"""The one XLSX writer of Smart CRM, and its CSV counterpart.

Every file Smart CRM writes (downloads, exports before a deletion, cross-tabs,
reports, rejected rows of an upload) goes through :class:`XlsxWorkbook`: one
workbook lifecycle with the shared formats, typed cells, column widths that
follow the content and a frozen, filterable header row.

User text is always written as text. A customer named ``=1+1`` or
``@SUM(A1)`` must not become a formula in the recipient's spreadsheet (CSV or
formula injection): text cells go through ``write_string`` only, and the
workbook is opened with ``strings_to_formulas`` off in case anything calls
``write``. CSV files cannot say "this is text", so :func:`csv_cell` prefixes
such cells with a single quote, as OWASP recommends.
"""
import csv
import datetime
import io
import re

import xlsxwriter

from odoo import fields

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH = 8
MAX_WIDTH = 60
#: characters a sheet name cannot hold
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

FORMATS = {
    "header": {"bold": True, "bg_color": "#1F6FB2", "font_color": "#FFFFFF",
               "border": 1, "valign": "vcenter", "text_wrap": True},
    "reject_header": {"bold": True, "bg_color": "#C0392B", "font_color": "#FFFFFF"},
    "total": {"bold": True, "bg_color": "#EEF3F8", "border": 1, "num_format": "#,##0"},
    "total_float": {"bold": True, "bg_color": "#EEF3F8", "border": 1, "num_format": "#,##0.00"},
    "integer": {"num_format": "#,##0"},
    "float": {"num_format": "#,##0.00"},
    "money": {"num_format": "¥#,##0"},
    "date": {"num_format": "yyyy-mm-dd"},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm"},
}


def text_width(text):
    """The column width a text needs: wide (CJK) characters count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2


def display_value(record, field):
    """The text a user reads for ``record[field]``, as in a list view."""
    value = record[field.name]
    if field.type == "many2one":
        return value.display_name or ""
    if field.type in ("many2many", "one2many"):
        return ", ".join(value.mapped("display_name"))
    if field.type == "selection":
        return dict(field._description_selection(record.env)).get(value, "") if value else ""
    if field.type == "boolean":
        return "1" if value else "0"
    if field.type == "datetime" and value:
        return fields.Datetime.to_string(fields.Datetime.context_timestamp(record, value))
    if value is False or value is None:
        return ""
    return str(value)


def csv_cell(value):
    """A CSV cell that a spreadsheet opens as text: a text starting like a
    formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading
    single quote. Numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_content(rows, encoding="utf-8-sig"):
    """A CSV file (bytes) of ``rows``, every text cell neutralised with :func:`csv_cell`.
    Characters the encoding lacks (Shift_JIS) become ``?``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode(encoding, errors="replace")


def record_csv_cell(record, field):
    """The CSV cell of ``record[field]``: numbers as numbers, the rest as neutralised text."""
    value = record[field.name]
    if field.type in ("integer", "float", "monetary") and value is not False:
        return value
    return csv_cell(display_value(record, field))


class XlsxWorkbook:
    """One workbook from opening to its bytes::

        workbook = XlsxWorkbook()
        sheet = workbook.add_sheet("Customers")
        sheet.header(["Name", "Amount"])
        sheet.text(1, 0, "=1+1")        # stays the text "=1+1"
        sheet.money(1, 1, 1200)
        content = workbook.close()      # widths, filter and frozen header applied

    :param formats: extra named formats (xlsxwriter format properties), used
        by name like the shared ones of :data:`FORMATS`
    """

    def __init__(self, formats=None):
        self._output = io.BytesIO()
        self.book = xlsxwriter.Workbook(self._output, {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.formats = {name: self.book.add_format(props) for name, props in {**FORMATS, **(formats or {})}.items()}
        self.sheets = []

    def add_sheet(self, name):
        """A new sheet; ``name`` is made a valid sheet name (31 characters, no ``[]:*?/\\``)."""
        sheet = XlsxSheet(self, self.book.add_worksheet(_SHEET_NAME_FORBIDDEN.sub(" ", name)[:31] or None))
        self.sheets.append(sheet)
        return sheet

    def add_rejects_sheet(self, env, headers):
        """A sheet for the rows a file upload rejected: the row's own cells under
        the file's headers, then the reason. See :meth:`RejectsSheet.add`."""
        sheet = RejectsSheet(self, self.book.add_worksheet(env._("Rejected rows")[:31]))
        sheet.header([*headers, env._("Reason")], style="reject_header", autofilter=False)
        self.sheets.append(sheet)
        return sheet

    def close(self):
        """Applies the sheets' widths and filters and returns the file's bytes."""
        for sheet in self.sheets:
            sheet._finish()
        self.book.close()
        return self._output.getvalue()


class XlsxSheet:
    """A worksheet with typed cells. Each write remembers the width its column
    needs; :meth:`XlsxWorkbook.close` sets the widths (between 8 and 60, or
    at least the fixed width given with :meth:`set_width`)."""

    def __init__(self, workbook, worksheet):
        self.workbook = workbook
        self.sheet = worksheet
        self.widths = {}
        self.fixed_widths = {}
        self.header_row = None
        self.header_cols = 0
        self.last_row = 0
        self.autofilter = False

    # -- layout -----------------------------------------------------------

    def header(self, labels, row=0, style="header", freeze_cols=0, autofilter=True, fit=True):
        """Writes the header row, freezes the rows up to it (and ``freeze_cols``
        columns) and, when ``autofilter``, filters the columns down to the last row.
        Without ``fit``, the labels wrap in the columns' widths instead of widening them."""
        for col, label in enumerate(labels):
            self.text(row, col, label, style, fit=fit)
        self.header_row, self.header_cols, self.autofilter = row, len(labels), autofilter
        self.last_row = max(self.last_row, row)
        self.sheet.freeze_panes(row + 1, freeze_cols)

    def set_width(self, col, width):
        """A fixed width for column ``col``: content that needs more gets more, up to the maximum."""
        self.fixed_widths[col] = width

    def _fit(self, row, col, width):
        self.last_row = max(self.last_row, row)
        if width:
            self.widths[col] = max(self.widths.get(col, 0), min(MAX_WIDTH, width))

    def _finish(self):
        for col in sorted({*self.widths, *self.fixed_widths}):
            width = max(self.fixed_widths.get(col, MIN_WIDTH), self.widths.get(col, 0))
            self.sheet.set_column(col, col, width)
        if self.header_row is not None and self.autofilter and self.header_cols:
            self.sheet.autofilter(self.header_row, 0, max(self.last_row, self.header_row + 1),
                                  self.header_cols - 1)

    def _format(self, style):
        return self.workbook.formats[style] if isinstance(style, str) else style

    def chart(self, first_row, last_row, label_col, value_cols, anchor_row, anchor_col, kind="column",
              title_cell=None, name_row=None):
        """A native chart of rows ``first_row`` to ``last_row``: the categories
        from column ``label_col``, one series per column of ``value_cols``
        (named by its cell in ``name_row``), placed at ``anchor_row``,
        ``anchor_col``. ``kind`` is an xlsxwriter chart type (column, bar,
        line, pie …). The title and series names refer to cells (``title_cell``
        is ``(row, col)``) rather than carrying text, so user text stays text
        there too."""
        chart = self.workbook.book.add_chart({"type": kind})
        name = self.sheet.get_name()
        for col in value_cols:
            series = {"categories": [name, first_row, label_col, last_row, label_col],
                      "values": [name, first_row, col, last_row, col]}
            if name_row is not None:
                series["name"] = [name, name_row, col]
            chart.add_series(series)
        chart.set_title({"name": [name, *title_cell]} if title_cell else {"none": True})
        if len(value_cols) == 1 and kind != "pie":
            chart.set_legend({"none": True})
        self.sheet.insert_chart(anchor_row, anchor_col, chart)
        return chart

    # -- typed cells --------------------------------------------------------

    def text(self, row, col, value, style=None, fit=True):
        """A text cell, never a formula. Empty texts leave the cell blank (styled if ``style``)."""
        text = "" if value is None or value is False else str(value)
        if text:
            self.sheet.write_string(row, col, text, self._format(style))
        elif style:
            self.sheet.write_blank(row, col, None, self._format(style))
        self._fit(row, col, fit and text_width(text))

    def number(self, row, col, value, style="integer"):
        self.sheet.write_number(row, col, value, self._format(style))
        pattern = "{:,.2f}" if isinstance(value, float) and not float(value).is_integer() else "{:,.0f}"
        self._fit(row, col, len(pattern.format(value)) + 2)

    def money(self, row, col, value, style="money"):
        self.sheet.write_number(row, col, value, self._format(style))
        self._fit(row, col, len(f"{value:,.0f}") + 4)

    def date(self, row, col, value, style="date"):
        if isinstance(value, datetime.datetime):
            value = value.date()
        self.sheet.write_datetime(row, col, datetime.datetime.combine(value, datetime.time()), self._format(style))
        self._fit(row, col, 12)

    def datetime(self, row, col, value, style="datetime"):
        """A date and time; give it in the reader's time zone, without tzinfo."""
        self.sheet.write_datetime(row, col, value.replace(tzinfo=None), self._format(style))
        self._fit(row, col, 18)

    def boolean(self, row, col, value, style=None):
        self.sheet.write_boolean(row, col, bool(value), self._format(style))
        self._fit(row, col, 6)

    def value(self, row, col, value, style=None):
        """A cell typed by its Python value: numbers, dates, date-times,
        booleans; anything else (records excepted) as text."""
        if value is None or value is False:
            self.text(row, col, "", style)
        elif isinstance(value, bool):
            self.boolean(row, col, value, style)
        elif isinstance(value, (int, float)):
            self.number(row, col, value, style or ("float" if isinstance(value, float) else "integer"))
        elif isinstance(value, datetime.datetime):
            self.datetime(row, col, value, style or "datetime")
        elif isinstance(value, datetime.date):
            self.date(row, col, value, style or "date")
        else:
            self.text(row, col, value, style)

    def record_cell(self, row, col, record, field):
        """The typed cell of ``record[field]``: numbers, money, dates and
        date-times (in the user's time zone), booleans; the rest as the text a
        user reads (names of linked records, labels of choices)."""
        value = record[field.name]
        if field.type == "integer" and value is not False:
            self.number(row, col, value, "integer")
        elif field.type == "float" and value is not False:
            self.number(row, col, value, "float")
        elif field.type == "monetary" and value is not False:
            self.money(row, col, value)
        elif field.type == "date" and value:
            self.date(row, col, value)
        elif field.type == "datetime" and value:
            self.datetime(row, col, fields.Datetime.context_timestamp(record, value))
        elif field.type == "boolean":
            self.boolean(row, col, value)
        else:
            self.text(row, col, display_value(record, field))


class RejectsSheet(XlsxSheet):
    """The rejected rows of an upload, written as they come."""

    def add(self, values, reason):
        """Writes one rejected row: its cells as they were read (numbers as
        numbers, dates as ISO text, the rest as text), then the reason."""
        row = self.last_row + 1
        width = self.header_cols - 1
        for col in range(width):
            value = values[col] if col < len(values) else None
            if value is None:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.number(row, col, value, None)
            elif isinstance(value, datetime.datetime):
                self.text(row, col, value.isoformat(sep=" "))
            elif isinstance(value, datetime.date):
                self.text(row, col, value.isoformat())
            else:
                self.text(row, col, value)
        self.text(row, width, reason)
        self.last_row = row
