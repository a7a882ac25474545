"""Rows of the first worksheet as lists of Python values."""
import re
import zipfile
import zlib

from lxml import etree

from . import parts
from .cells import column_index, decode_cell
from .parts import XlsxError, first_sheet, read_date_styles, xml_chunks
from .rows_xml import iter_rows_xml, parse_row
from .shared_strings import open_shared_strings

# The sheet XML of every common writer (Excel, LibreOffice, Google Sheets, openpyxl,
# xlsxwriter) has cells as <c r="A1" …>…</c> with unprefixed tags: those are read with
# regular expressions, several times faster than building an element per cell. A row
# whose cells do not all match is parsed by lxml instead (rows_xml.py).
ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
# column letters, row number, other attributes, value of a leading <v>, any other content
CELL_RE = re.compile(r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?(.*?)</c>)', re.S)


def open_sheet(file_obj):
    """The archive, the path of its first sheet, its shared strings and date
    styles, and whether the sheet XML uses namespace prefixes."""
    try:
        archive = zipfile.ZipFile(file_obj)
        sheet_path, strings_path, styles_path = first_sheet(archive)
        strings = open_shared_strings(archive, strings_path)
        date_styles = read_date_styles(archive, styles_path)
        with archive.open(sheet_path) as stream:
            head = stream.read(parts.CHUNK_SIZE)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError) as exc:
        raise XlsxError(str(exc)) from exc
    prefixed = b"<sheetData" not in head and b":sheetData" in head
    return archive, sheet_path, strings, date_styles, prefixed


def iter_rows(file_obj):
    """Yields each row of the first worksheet as a list (empty cells are None)."""
    archive, sheet_path, strings, date_styles, prefixed = open_sheet(file_obj)
    try:
        if prefixed:  # namespace prefixes: leave it to the XML parser
            yield from iter_rows_xml(archive, sheet_path, strings, date_styles)
        else:
            yield from _iter_rows_text(archive, sheet_path, strings, date_styles)
    finally:
        strings.close()


def chunk_rows(chunk, strings, date_styles, expected=1):
    """(row number, values) of each row in a chunk of sheet XML; rows left out
    of the file come as empty lists from ``expected`` on (unless it is None)."""
    for match in ROW_RE.finditer(chunk):
        attrs, body = match.groups()
        found = ROW_NUMBER_RE.search(attrs)
        number = int(found.group(1)) if found else expected
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
            yield number, parse_row(body, strings, date_styles)
            continue
        values = []
        for column, _row, cell_attrs, value, rest in cells:
            index = column_index(column)
            if index > len(values):
                values.extend([None] * (index - len(values)))
            values.append(decode_cell(cell_attrs, value, rest, strings, date_styles))
        yield number, values


def _iter_rows_text(archive, sheet_path, strings, date_styles):
    expected = 1
    for chunk in xml_chunks(archive, sheet_path, b"</row>"):
        for number, values in chunk_rows(chunk.decode(), strings, date_styles, expected):
            expected = number + 1
            yield values
