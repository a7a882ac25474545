"""The parts of an XLSX package (a zip archive) the reader needs: the first
worksheet, the date styles, and the XML of a part in chunks."""
import posixpath
import re

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# built-in number formats that show dates or times (ECMA-376 18.8.30, and the CJK ones)
DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                   45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
# bytes of a part's XML read at a time
CHUNK_SIZE = 1 << 20


class XlsxError(ValueError):
    pass


def is_date_format(code):
    code = _QUOTED.sub("", code or "").lower()
    return any(ch in code for ch in "ymdhs") and "general" not in code


def read_date_styles(archive, path):
    """The indexes (as text) of the cell styles whose number format shows a date."""
    if path not in archive.namelist():
        return set()
    root = etree.fromstring(archive.read(path))
    custom = {int(fmt.get("numFmtId")): fmt.get("formatCode")
              for fmt in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    dates = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", 0))
        if fmt_id in DATE_FORMAT_IDS or (fmt_id in custom and is_date_format(custom[fmt_id])):
            dates.add(str(index))
    return dates


def first_sheet(archive):
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


def xml_chunks(archive, path, end_tag, size=None):
    """The XML of an archive member (bytes), in chunks of about ``size`` bytes
    (default CHUNK_SIZE) that each end after a complete ``end_tag`` element (so
    never inside a UTF-8 character)."""
    rest = b""
    with archive.open(path) as stream:
        while True:
            data = stream.read(size or CHUNK_SIZE)
            if not data:
                if rest:
                    yield rest
                return
            data = rest + data
            cut = data.rfind(end_tag)
            if cut < 0:
                rest = data
                continue
            cut += len(end_tag)
            yield data[:cut]
            rest = data[cut:]


def unnumbered_rows(archive, sheet_path):
    """Whether rows of the sheet leave out their number (then they are counted)."""
    with archive.open(sheet_path) as stream:
        return bool(re.search(rb"<row(?![^>]*\br=)[\s>/]", stream.read(CHUNK_SIZE)))
