"""Streaming reader of the first worksheet of an XLSX file.

Reads the sheet XML with lxml's iterparse and frees every row once it has
been yielded, so memory depends on the shared-string table of the file and
not on its number of rows. Values come as Python types: str, int, float,
bool, datetime.datetime (cells with a date format) or None.
"""
import datetime
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
    v_tag, is_tag, t_tag = f"{NS}v", f"{NS}is", f"{NS}t"
    letters = _LETTERS
    expected = 1
    with archive.open(sheet_path) as stream:
        for _event, row in etree.iterparse(stream, tag=f"{NS}row"):
            row_ref = row.get("r")
            number = int(row_ref) if row_ref else expected
            row_ref = str(number)
            while expected < number:  # rows left out of the file are empty
                yield []
                expected += 1
            values = []
            for cell in row:
                ref = cell.get("r")
                position = len(values)
                if ref is not None and (position >= len(letters) or ref != letters[position] + row_ref):
                    index = _column_index(ref)
                    if index > position:
                        values.extend([None] * (index - position))
                kind = cell.get("t")
                if kind is None or kind == "n":
                    text = cell.findtext(v_tag)
                    if not text:
                        values.append(None)
                    elif date_styles and cell.get("s") in date_styles:
                        values.append(EXCEL_EPOCH + datetime.timedelta(days=float(text)))
                    elif "." in text or "E" in text or "e" in text:
                        values.append(float(text))
                    else:
                        values.append(int(text))
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
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            expected = number + 1
            yield values
