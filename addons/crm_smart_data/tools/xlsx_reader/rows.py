"""Rows of the first worksheet as lists of Python values."""
import re
import zipfile
import zlib

from lxml import etree

from . import parts
from .cells import column_index, decode_cell
from .limits import Limits
from .parts import LimitError, XlsxError, first_sheet, open_archive, open_part, read_date_styles, xml_chunks
from .rows_xml import iter_rows_xml, parse_row
from .shared_strings import open_shared_strings

# The sheet XML of every common writer (Excel, LibreOffice, Google Sheets, openpyxl,
# xlsxwriter) has cells as <c r="A1" …>…</c> with unprefixed tags: those are read with
# regular expressions, several times faster than building an element per cell. A row
# whose cells do not all match is parsed by lxml instead (rows_xml.py).
ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
# rows or cells read between two looks at the clock
CHECK_EVERY = 256
# column letters, row number, other attributes, value of a leading <v>, any other content.
# The content stops at the cell's end or at the next cell's start, whichever comes
# first, so a cell that never closes costs a scan to the next cell, not to the end of
# the row: reading a row stays linear in its length however many cells are left open.
# Attributes hold no < or >: matched greedily, they need no step-by-step search for the
# end of the start tag.
CELL_CONTENT = r"[^<]*(?:<(?!/c>|c[\s/>])[^<]*)*"
# the range of cells a sheet declares it uses, at its start: <dimension ref="A1:J100001"/>
DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?"')
# bytes of the sheet XML read to find it
DIMENSION_HEAD = 1 << 16
CELL_RE = re.compile(rf'<c r="([A-Z]{{1,3}})(\d+)"([^<>]*)(?:/>|>(?:<v>([^<]*)</v>)?({CELL_CONTENT})</c>)', re.S)


def open_sheet(file_obj, limits):
    """The archive, the path of its first sheet, its shared strings and date
    styles, and whether the sheet XML uses namespace prefixes."""
    try:
        archive = open_archive(file_obj, limits)
        sheet_path, strings_path, styles_path = first_sheet(archive, limits)
        strings = open_shared_strings(archive, strings_path, limits)
        date_styles = read_date_styles(archive, styles_path, limits)
        with open_part(archive, sheet_path, limits) as stream:
            head = stream.read(parts.CHUNK_SIZE)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError, UnicodeDecodeError) as exc:
        raise XlsxError(str(exc)) from exc
    prefixed = b"<sheetData" not in head and b":sheetData" in head
    return archive, sheet_path, strings, date_styles, prefixed


def row_count_hint(file_obj, limits=None):
    """The number of the last row of the first worksheet as the sheet declares
    it (a hint, for the progress of an upload), or 0 when it does not."""
    limits = limits or Limits()
    try:
        archive = open_archive(file_obj, limits)
        sheet_path = first_sheet(archive, limits)[0]
        with open_part(archive, sheet_path, limits) as stream:
            head = stream.read(DIMENSION_HEAD)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError, UnicodeDecodeError) as exc:
        raise XlsxError(str(exc)) from exc
    found = DIMENSION_RE.search(head)
    return int(found.group(1)) if found and found.group(1) else 0


def iter_rows(file_obj, limits=None):
    """Yields each row of the first worksheet as a list (empty cells are None),
    within ``limits`` (a :class:`.limits.Limits`, its defaults when not given)."""
    limits = limits or Limits()
    archive, sheet_path, strings, date_styles, prefixed = open_sheet(file_obj, limits)
    try:
        if prefixed:  # namespace prefixes: leave it to the XML parser
            yield from iter_rows_xml(archive, sheet_path, strings, date_styles, limits)
        else:
            yield from _iter_rows_text(archive, sheet_path, strings, date_styles, limits)
    finally:
        strings.close()


def chunk_rows(chunk, strings, date_styles, limits, expected=1):
    """(row number, values) of each row in a chunk of sheet XML; rows left out
    of the file come as empty lists from ``expected`` on (unless it is None).

    A chunk may hold a megabyte of small rows, or one row up to the row size
    limit: the time limit is checked every CHECK_EVERY rows and cells, not only
    between chunks."""
    for count, match in enumerate(ROW_RE.finditer(chunk), start=1):
        attrs, body = match.groups()
        found = ROW_NUMBER_RE.search(attrs)
        number = int(found.group(1)) if found else expected
        if number > limits.rows:
            raise LimitError("rows", limits.rows, number)
        if not count % CHECK_EVERY:
            limits.check_time(number)
        while expected is not None and expected < number:
            yield expected, []
            expected += 1
        if expected is not None:
            expected = number + 1
        if not body:
            yield number, []
            continue
        cells = CELL_RE.findall(body)
        if len(cells) != body.count("<c ") + body.count("<c>"):
            yield number, parse_row(body, strings, date_styles, limits, number)
            continue
        values = []
        for position, (column, _row, cell_attrs, value, rest) in enumerate(cells, start=1):
            if not position % CHECK_EVERY:
                limits.check_time(number)
            index = column_index(column)
            if index >= limits.columns:
                raise LimitError("columns", limits.columns, number)
            if index > len(values):
                values.extend([None] * (index - len(values)))
            values.append(decode_cell(cell_attrs, value, rest, strings, date_styles))
        yield number, values


def _iter_rows_text(archive, sheet_path, strings, date_styles, limits):
    expected = 1
    for chunk in xml_chunks(archive, sheet_path, b"</row>", limits):
        for number, values in chunk_rows(chunk.decode(), strings, date_styles, limits, expected):
            expected = number + 1
            yield values
