"""Streaming reader of the first worksheet of an XLSX file.

Reads the sheet XML with lxml's iterparse and frees every row once it has
been yielded, so memory depends on the shared-string table of the file and
not on its number of rows. Values come as Python types: str, int, float,
bool, datetime.datetime (cells with a date format) or None.
"""
import codecs
import datetime
import html
import posixpath
import re
import zipfile

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# built-in number formats that show dates or times (ECMA-376 18.8.30, and the CJK ones)
DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                   45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58}
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
COLUMN_RE = re.compile(r"[A-Z]+")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _letters(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


_LETTERS = [_letters(i) for i in range(702)]  # A … ZZ


class XlsxError(ValueError):
    pass


def _is_date_format(code):
    code = _QUOTED.sub("", code or "").lower()
    return any(ch in code for ch in "ymdhs") and "general" not in code


def _number(text, is_date):
    """The value of a numeric cell: a datetime when its format shows a date."""
    if is_date:
        return EXCEL_EPOCH + datetime.timedelta(milliseconds=round(float(text) * 86400000))
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _column_index(ref):
    letters = COLUMN_RE.match(ref).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _shared_strings(archive, path):
    if path not in archive.namelist():
        return []
    strings = []
    with archive.open(path) as stream:
        for _event, item in etree.iterparse(stream, tag=f"{NS}si"):
            strings.append("".join(t.text or "" for t in item.iter(f"{NS}t")))
            item.clear()
    return strings


def _date_styles(archive, path):
    if path not in archive.namelist():
        return set()
    root = etree.fromstring(archive.read(path))
    custom = {int(fmt.get("numFmtId")): fmt.get("formatCode")
              for fmt in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", 0))
        if fmt_id in DATE_FORMAT_IDS or (fmt_id in custom and _is_date_format(custom[fmt_id])):
            dates.add(str(index))
    return dates


def _first_sheet(archive):
    """Path of the first worksheet, the shared strings and the styles."""
    workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{NS}sheets/{NS}sheet")
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PKG_REL_NS}Relationship")}
    kinds = {rel.get("Type").rsplit("/", 1)[-1]: rel.get("Target") for rel in rels.iter(f"{PKG_REL_NS}Relationship")}

    def resolve(target):
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join("xl", target))

    if sheet is None:
        raise XlsxError("the workbook has no worksheet")
    return (resolve(targets[sheet.get(f"{REL_NS}id")]),
            resolve(kinds.get("sharedStrings", "sharedStrings.xml")),
            resolve(kinds.get("styles", "styles.xml")))


def iter_rows(file_obj):
    """Yields each row of the first worksheet as a list (empty cells are None)."""
    try:
        archive = zipfile.ZipFile(file_obj)
        sheet_path, strings_path, styles_path = _first_sheet(archive)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise XlsxError(str(exc)) from exc
    strings = _shared_strings(archive, strings_path)
    date_styles = _date_styles(archive, styles_path)
    with archive.open(sheet_path) as stream:
        head = stream.read(CHUNK_SIZE)
        prefixed = b"<sheetData" not in head and b":sheetData" in head
    if prefixed:  # namespace prefixes: leave it to the XML parser
        yield from _iter_rows_xml(archive, sheet_path, strings, date_styles)
    else:
        yield from _iter_rows_text(archive, sheet_path, strings, date_styles)


# The sheet XML of every common writer (Excel, LibreOffice, Google Sheets, openpyxl,
# xlsxwriter) has cells as <c r="A1" …>…</c> with unprefixed tags: those are read with
# regular expressions, several times faster than building an element per cell. A row
# whose cells do not all match is parsed by lxml instead.
CHUNK_SIZE = 1 << 20
ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
CELL_RE = re.compile(r'<c r="([A-Z]{1,3})\d+"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
T_RE = re.compile(r'\bt="(\w+)"')
S_RE = re.compile(r'\bs="(\d+)"')
V_RE = re.compile(r"<v>([^<]*)</v>")
IS_T_RE = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")


def _text_chunks(archive, sheet_path):
    """The sheet XML as text, in chunks that each end after a complete row."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    rest = ""
    with archive.open(sheet_path) as stream:
        while True:
            data = stream.read(CHUNK_SIZE)
            text = rest + decoder.decode(data, final=not data)
            if not data:
                if text:
                    yield text
                return
            cut = text.rfind("</row>")
            if cut < 0:
                rest = text
                continue
            cut += len("</row>")
            yield text[:cut]
            rest = text[cut:]


def _iter_rows_text(archive, sheet_path, strings, date_styles):
    expected = 1
    letters = _LETTERS
    for chunk in _text_chunks(archive, sheet_path):
        for match in ROW_RE.finditer(chunk):
            attrs, body = match.groups()
            found = ROW_NUMBER_RE.search(attrs)
            number = int(found.group(1)) if found else expected
            while expected < number:
                yield []
                expected += 1
            expected = number + 1
            if not body:
                yield []
                continue
            cells = CELL_RE.findall(body)
            if len(cells) != body.count("<c ") + body.count("<c>"):
                yield _parse_row_xml(body, strings, date_styles)
                continue
            values = []
            for column, cell_attrs, inner in cells:
                position = len(values)
                if position >= len(letters) or letters[position] != column:
                    index = _column_index(column)
                    if index > position:
                        values.extend([None] * (index - position))
                kind = T_RE.search(cell_attrs).group(1) if ' t="' in cell_attrs else None
                if not inner:
                    values.append(None)
                    continue
                if kind == "inlineStr":
                    values.append(html.unescape("".join(IS_T_RE.findall(inner))))
                    continue
                v = V_RE.search(inner)
                text = v.group(1) if v else None
                if not text:
                    values.append(None)
                elif kind is None or kind == "n":
                    is_date = date_styles and ' s="' in cell_attrs and S_RE.search(cell_attrs).group(1) in date_styles
                    values.append(_number(text, is_date))
                elif kind == "s":
                    values.append(strings[int(text)])
                elif kind == "b":
                    values.append(text == "1")
                else:
                    values.append(html.unescape(text) if "&" in text else text)
            yield values


def _parse_row_xml(body, strings, date_styles):
    row = etree.fromstring(f'<row xmlns="{NS[1:-1]}">{body}</row>')
    return _row_values(row, strings, date_styles)


def _iter_rows_xml(archive, sheet_path, strings, date_styles):
    expected = 1
    with archive.open(sheet_path) as stream:
        for _event, row in etree.iterparse(stream, tag=f"{NS}row"):
            row_ref = row.get("r")
            number = int(row_ref) if row_ref else expected
            while expected < number:  # rows left out of the file are empty
                yield []
                expected += 1
            values = _row_values(row, strings, date_styles)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            expected = number + 1
            yield values


def _row_values(row, strings, date_styles):
    v_tag, is_tag, t_tag = f"{NS}v", f"{NS}is", f"{NS}t"
    values = []
    for cell in row:
        ref = cell.get("r")
        if ref is not None:
            index = _column_index(ref)
            if index > len(values):
                values.extend([None] * (index - len(values)))
        kind = cell.get("t")
        if kind is None or kind == "n":
            text = cell.findtext(v_tag)
            values.append(_number(text, date_styles and cell.get("s") in date_styles) if text else None)
        elif kind == "s":
            text = cell.findtext(v_tag)
            values.append(strings[int(text)] if text else None)
        elif kind == "inlineStr":
            inline = cell.find(is_tag)
            values.append("".join(t.text or "" for t in inline.iter(t_tag)) if inline is not None else None)
        elif kind == "b":
            values.append(cell.findtext(v_tag) == "1")
        else:  # str (formula text), e (error), d (ISO date text)
            values.append(cell.findtext(v_tag) or None)
    return values
