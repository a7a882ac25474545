"""The parts of an XLSX package (a zip archive) the reader needs: the first
worksheet, the date styles, and the XML of a part in chunks."""
import copy
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
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
# bytes of a part's XML read at a time
CHUNK_SIZE = 1 << 20
# what a member is read as declaring: the limits, not the archive, end it
UNDECLARED_SIZE = 1 << 62


# what parses the XML of an upload: no DTD, no entities, no network, no huge text
# markup that starts a document type declaration or an entity, in UTF-8 and UTF-16
DECLARATIONS = [text.encode(codec) for text in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le",
                                                                                        "utf-16-be")]
DECLARATION_OVERLAP = max(map(len, DECLARATIONS)) - 1


class XlsxError(ValueError):
    pass


class UnsafeXmlError(XlsxError):
    """XML declaring a document type or entities."""


def safe_parser():
    """An XML parser for uploaded XML: no entities, no DTD, no network, no huge
    trees (one per parse: parsers are not shared between threads)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False)


def safe_iterparse(stream, events=("end",)):
    """``etree.iterparse`` of uploaded XML with the same protections as :func:`safe_parser`."""
    return etree.iterparse(stream, events=events, resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


class LimitError(XlsxError):
    """A limit of :class:`.limits.Limits` passed: ``limit`` is the name of the
    attribute, ``value`` its value, ``row`` the row it was passed at (or None)."""

    def __init__(self, limit, value, row=None):
        super().__init__(f"{limit} ({value}) passed" + (f" at row {row}" if row else ""))
        self.limit, self.value, self.row = limit, value, row


def is_date_format(code):
    code = _QUOTED.sub("", code or "").lower()
    return any(ch in code for ch in "ymdhs") and "general" not in code


def read_date_styles(archive, path, limits):
    """The indexes (as text) of the cell styles whose number format shows a date."""
    if path not in archive.namelist():
        return set()
    custom, dates, index = {}, set(), 0
    for element in iter_elements(archive, path, limits):
        if element.tag == f"{NS}numFmt":
            custom[int(element.get("numFmtId"))] = element.get("formatCode")
        elif element.tag == f"{NS}xf" and element.getparent().tag == f"{NS}cellXfs":
            fmt_id = int(element.get("numFmtId", 0))
            if fmt_id in DATE_FORMAT_IDS or (fmt_id in custom and is_date_format(custom[fmt_id])):
                dates.add(str(index))
            index += 1
    return dates


def first_sheet(archive, limits):
    """Path of the first worksheet, the shared strings and the styles."""
    sheet = None
    for element in iter_elements(archive, "xl/workbook.xml", limits):
        if element.tag == f"{NS}sheet":
            sheet = element.get(f"{REL_NS}id")
            break
    targets, kinds = {}, {}
    for rel in iter_elements(archive, "xl/_rels/workbook.xml.rels", limits):
        if rel.tag == f"{PKG_REL_NS}Relationship":
            targets[rel.get("Id")] = rel.get("Target")
            kinds[(rel.get("Type") or "").rsplit("/", 1)[-1]] = rel.get("Target")

    def resolve(target):
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join("xl", target))

    if sheet is None:
        raise XlsxError("the workbook has no worksheet")
    return (resolve(targets[sheet]),
            resolve(kinds.get("sharedStrings", "sharedStrings.xml")),
            resolve(kinds.get("styles", "styles.xml")))


def open_archive(file_obj, limits):
    """The zip archive of a workbook, refused when the sizes it declares pass the limits."""
    archive = zipfile.ZipFile(file_obj)
    if sum(info.file_size for info in archive.infolist()) > limits.file_size:
        raise LimitError("file_size", limits.file_size)
    return archive


def open_part(archive, path, limits):
    """A stream of the XML of an archive member that counts what it reads
    against the limits and refuses document type declarations.

    The zip module stops a member at the uncompressed size the archive declares,
    which a hostile file understates (and then fails on its checksum): the member
    is read to the end of its compressed data instead, and what it expands to is
    counted as it is read, a chunk at a time."""
    info = archive.getinfo(path)
    if info.file_size > limits.part_size:
        raise LimitError("part_size", limits.part_size)
    unbounded = copy.copy(info)
    unbounded.file_size = UNDECLARED_SIZE
    return PartStream(archive.open(unbounded), limits)


class PartStream:
    """The decompressed bytes of an archive member, counted as they are read
    (the sizes a zip declares may lie) and scanned for DTDs and entities.

    No XML of a workbook needs a document type declaration; one in an upload
    is an attempt to read files of the server (external entities) or to
    exhaust its memory (entities expanding to entities), refused outright."""

    def __init__(self, stream, limits):
        self.stream = stream
        self.limits = limits
        self.size = 0
        self.tail = b""

    # a file object's read, not a model's: there is no super() to call
    def read(self, size=-1):  # pylint: disable=method-required-super
        if size is None or size < 0:  # to the end, a counted chunk at a time
            return b"".join(iter(lambda: self.read(CHUNK_SIZE), b""))
        data = self.stream.read(size)
        self.size += len(data)
        if self.size > self.limits.part_size:
            raise LimitError("part_size", self.limits.part_size)
        self.limits.count(len(data))
        seen = self.tail + data
        if b"<!" in seen or b"<\0!" in seen or b"\0<\0!" in seen:
            for pattern in DECLARATIONS:
                if pattern in seen:
                    raise UnsafeXmlError("the XML declares a document type or entities")
        self.tail = seen[-DECLARATION_OVERLAP:]
        return data

    def close(self):
        self.stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def iter_elements(archive, path, limits):
    """The elements of a part as the parser ends them; each is cleared, with
    those before it, once the caller moves on, so the tree never grows."""
    with open_part(archive, path, limits) as stream:
        for _event, element in safe_iterparse(stream):
            yield element
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]


def xml_chunks(archive, path, end_tag, limits, size=None):
    """The XML of an archive member (bytes), in chunks of about ``size`` bytes
    (default CHUNK_SIZE) that each end after a complete ``end_tag`` element (so
    never inside a UTF-8 character).

    Each read is searched once: an element that does not end is kept as a list
    of reads, up to the length of a row at the limits, and never searched again."""
    overlap = len(end_tag) - 1
    pending, pending_size, tail = [], 0, b""
    with open_part(archive, path, limits) as stream:
        while True:
            data = stream.read(size or CHUNK_SIZE)
            if not data:
                if pending:
                    yield b"".join(pending)
                return
            cut = data.rfind(end_tag)
            if cut >= 0:
                cut += len(end_tag)
            elif tail:  # an end tag across two reads
                seam = tail + data[:overlap]
                found = seam.rfind(end_tag)
                if found >= 0:
                    cut = found + len(end_tag) - len(tail)
            if cut < 0:
                pending.append(data)
                pending_size += len(data)
                if pending_size > limits.row_size:
                    raise LimitError("row_size", limits.row_size)
                tail = (tail + data)[-overlap:]
                continue
            pending.append(data[:cut])
            yield b"".join(pending)
            rest = data[cut:]
            pending, pending_size, tail = ([rest], len(rest), rest[-overlap:]) if rest else ([], 0, b"")


def unnumbered_rows(archive, sheet_path, limits):
    """Whether rows of the sheet leave out their number (then they are counted)."""
    with open_part(archive, sheet_path, limits) as stream:
        return bool(re.search(rb"<row(?![^>]*\br=)[\s>/]", stream.read(CHUNK_SIZE)))
