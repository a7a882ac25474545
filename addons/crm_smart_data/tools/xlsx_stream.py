"""Streaming reader of the first worksheet of an XLSX file.

Reads the sheet XML a megabyte at a time and frees every chunk once its rows
have been yielded, and keeps a large shared-string table in a temporary file,
so memory does not grow with the file. :func:`iter_rows` gives rows of Python values:
str, int, float, bool, datetime.datetime (cells with a date format) or None.
:func:`iter_blocks` gives the same rows column by column, with the numbers and
flags still as the text of the file, for readers that check and convert a
whole column at once.
"""
import array
import datetime
import html
import itertools
import mmap
import posixpath
import re
import tempfile
import zipfile
import zlib
from operator import itemgetter

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# built-in number formats that show dates or times (ECMA-376 18.8.30, and the CJK ones)
DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
                   45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58}
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# shared strings beyond this many go to a temporary file
SPILL_AT = 16384
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


class SharedStrings:
    """The shared-string table of a workbook: a list while it is small, then a
    temporary file read through a memory map, so that the memory of a reader
    does not grow with the number of distinct texts of the file.

    The table is read as far as the strings asked for (``source`` gives the
    texts of the rest, a list at a time), so that the first rows of a sheet
    can be used before a large table has been read to its end."""

    def __init__(self, spill_at=None, source=None):
        self.spill_at = SPILL_AT if spill_at is None else spill_at
        self.source = source
        self.strings = []
        self.data = self.offsets = None  # temporary files, once spilled
        self.size = self.count = 0
        self.map = self.data_map = self.offsets_map = None

    def extend(self, texts):
        self.count += len(texts)
        if self.data is None:
            self.strings.extend(texts)
            if len(self.strings) <= self.spill_at:
                return
            texts, self.strings = self.strings, []
            # closed by close(), once the workbook has been read
            self.data = tempfile.TemporaryFile()  # noqa: SIM115
            self.offsets = tempfile.TemporaryFile()  # noqa: SIM115
            self.offsets.write(array.array("Q", [0]).tobytes())
        # each string followed by a NUL character (which XML text never holds)
        encoded = list(map(str.encode, texts))
        ends = array.array("Q", itertools.accumulate(map((1).__add__, map(len, encoded)), initial=self.size))
        self.data.write(b"\0".join(encoded) + b"\0" if encoded else b"")
        self.offsets.write(ends[1:].tobytes())
        self.size = ends[-1]

    def _read_to(self, count):
        """Reads the table until it holds ``count`` strings, or to its end."""
        if self.source is None or self.count >= count:
            return
        try:
            for texts in self.source:
                self.extend(texts)
                if self.count >= count:
                    break
            else:
                self.source = None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise XlsxError(str(exc)) from exc
        self._map()

    def _map(self):
        """Maps a spilled table for reading, again after each read of more of it."""
        if self.data is None:
            return
        self._unmap()
        self.data.flush()
        self.offsets.flush()
        self.offsets_map = mmap.mmap(self.offsets.fileno(), 0, access=mmap.ACCESS_READ)
        self.map = memoryview(self.offsets_map).cast("Q")
        if self.size:  # an empty file cannot be mapped
            self.data_map = mmap.mmap(self.data.fileno(), 0, access=mmap.ACCESS_READ)

    def _unmap(self):
        if self.map is not None:
            self.map.release()
            self.map = None
        for handle in (self.data_map, self.offsets_map):
            if handle is not None:
                handle.close()
        self.data_map = self.offsets_map = None

    def close_writing(self):
        """Ends a table that has no more texts to read."""
        self._map()
        return self

    def __len__(self):
        self._read_to(float("inf"))
        return self.count

    def __getitem__(self, index):
        if index >= self.count:
            self._read_to(index + 1)
        if self.map is None:
            return self.strings[index]
        if not 0 <= index < len(self.map) - 1:
            raise IndexError(f"shared string {index} out of range")
        return self.data_map[self.map[index]:self.map[index + 1] - 1].decode()

    def take(self, indexes):
        """The strings at ``indexes`` (a list of int)."""
        if not indexes:
            return []
        low, high = min(indexes), max(indexes)
        if high >= self.count:
            self._read_to(high + 1)
        if self.map is None:
            return list(map(self.strings.__getitem__, indexes))
        if not (low >= 0 and high < self.count):
            raise IndexError("shared string out of range")
        if high - low < 4 * len(indexes) + 64:
            # the strings of a few rows are mostly close together: decode them at once
            region = self.data_map[self.map[low]:self.map[high + 1] - 1].decode().split("\0")
            return list(map(region.__getitem__, map((-low).__add__, indexes)))
        slices = map(slice, map(self.map.__getitem__, indexes),
                     map(self.map.__getitem__, map((1).__add__, indexes)))
        return b"".join(map(self.data_map.__getitem__, slices)).decode().split("\0")[:-1]

    def close(self):
        if self.source is not None:
            self.source.close()
            self.source = None
        self._unmap()
        for handle in (self.data, self.offsets):
            if handle is not None:
                handle.close()
        self.data = self.offsets = None


def _shared_strings(archive, path):
    """The shared strings of a workbook, read as far as they are used."""
    if path not in archive.namelist():
        return SharedStrings().close_writing()
    return SharedStrings(source=_shared_texts(archive, path))


def _shared_texts(archive, path):
    """The texts of the shared strings, a list per chunk of the XML."""
    # in smaller chunks than the sheet: read while rows are converted, they
    # should add little to what the reader holds at once
    for chunk in _chunks(archive, path, b"</si>", max(CHUNK_SIZE // 4, 1)):
        found = SI_RE.findall(chunk)
        if any(map(itemgetter(1), found)):  # rich text or phonetic guides
            yield [_unescape(plain.decode()) if not other else _rich_text(other.decode())
                   for plain, other in found]
            continue
        # plain strings, decoded at once (XML text holds no NUL character)
        texts = b"\0".join(map(itemgetter(0), found)).decode().split("\0") if found else []
        yield list(map(_unescape, texts)) if b"&" in chunk else texts


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


def _open(file_obj):
    """The archive, the path of its first sheet, its shared strings and date
    styles, and whether the sheet XML uses namespace prefixes."""
    try:
        archive = zipfile.ZipFile(file_obj)
        sheet_path, strings_path, styles_path = _first_sheet(archive)
        strings = _shared_strings(archive, strings_path)
        date_styles = _date_styles(archive, styles_path)
        with archive.open(sheet_path) as stream:
            head = stream.read(CHUNK_SIZE)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError) as exc:
        raise XlsxError(str(exc)) from exc
    prefixed = b"<sheetData" not in head and b":sheetData" in head
    return archive, sheet_path, strings, date_styles, prefixed


def iter_rows(file_obj):
    """Yields each row of the first worksheet as a list (empty cells are None)."""
    archive, sheet_path, strings, date_styles, prefixed = _open(file_obj)
    try:
        if prefixed:  # namespace prefixes: leave it to the XML parser
            yield from _iter_rows_xml(archive, sheet_path, strings, date_styles)
        else:
            yield from _iter_rows_text(archive, sheet_path, strings, date_styles)
    finally:
        strings.close()


class Block:
    """Consecutive non-empty rows of a sheet, column by column.

    ``numbers`` are the rows' numbers in the sheet; ``columns`` holds one
    ``(kind, values)`` pair per column, where kind tells what the values are:

    * ``text``: non-empty strings;
    * ``number``: the text of numbers in cells with no date format ("12", "0.5");
    * ``date``: the text of numbers in cells with a date format (Excel serial days);
    * ``bool``: "0" or "1";
    * ``value``: Python values as :func:`iter_rows` gives them (None when empty).
    """

    __slots__ = ("columns", "numbers")

    def __init__(self, numbers, columns):
        self.numbers = numbers
        self.columns = columns

    @classmethod
    def from_rows(cls, numbers, rows, kind="value"):
        """A block of rows given as lists of values (all strings when kind is text)."""
        width = max(map(len, rows), default=0)
        padded = [row + [None] * (width - len(row)) if len(row) < width else row for row in rows]
        columns = [list(column) for column in zip(*padded)]
        return cls(list(numbers), [(kind if kind == "value" or all(values) else "value",
                                    values if kind == "value" or all(values) else [v or None for v in values])
                                   for values in columns])

    def __len__(self):
        return len(self.numbers)

    def column(self, index):
        """(kind, values) of column ``index``; empty beyond the last column."""
        if index < len(self.columns):
            return self.columns[index]
        return "value", [None] * len(self.numbers)

    def values(self, index):
        """The Python values of column ``index``."""
        return python_values(*self.column(index))

    def row(self, position):
        """The Python values of one row."""
        return [python_values(kind, [values[position]])[0] for kind, values in self.columns]

    def take(self, positions):
        """A block of the rows at ``positions``."""
        return Block([self.numbers[i] for i in positions],
                     [(kind, [values[i] for i in positions]) for kind, values in self.columns])


def python_values(kind, values):
    """The Python values of a column of a block, whatever its kind."""
    if kind == "number":
        return [_number(text, False) for text in values]
    if kind == "date":
        return [_number(text, True) for text in values]
    if kind == "bool":
        return [text == "1" for text in values]
    return values


def iter_blocks(file_obj, size=5000):
    """Yields the non-empty rows of the first worksheet as :class:`Block`
    objects, the first row of the sheet in a block of its own."""
    archive, sheet_path, strings, date_styles, prefixed = _open(file_obj)
    if prefixed or _unnumbered_rows(archive, sheet_path):
        strings.close()
        yield from _row_blocks(enumerate(iter_rows(file_obj), start=1), size)
        return
    try:
        first = True
        for chunk in _chunks(archive, sheet_path, b"</row>"):
            if first:
                # the header row rarely looks like the data below it: read it on its own
                cut = chunk.find(b"</row>") + len(b"</row>")
                if cut < len(b"</row>"):
                    cut = len(chunk)
                yield from _row_blocks(_chunk_rows(chunk[:cut].decode(), strings, date_styles), 1)
                chunk = chunk[cut:]
                first = False
            yield from _chunk_blocks(chunk, strings, date_styles, size)
    finally:
        strings.close()


def _unnumbered_rows(archive, sheet_path):
    """Whether rows of the sheet leave out their number (then they are counted)."""
    with archive.open(sheet_path) as stream:
        return bool(re.search(rb"<row(?![^>]*\br=)[\s>/]", stream.read(CHUNK_SIZE)))


def _row_blocks(numbered_rows, size):
    """Blocks of at most ``size`` rows from (number, values) pairs, empty rows left out."""
    numbers, rows = [], []
    for number, row in numbered_rows:
        if not row or row.count(None) + row.count("") == len(row):
            continue
        numbers.append(number)
        rows.append(row)
        if len(rows) >= size:
            yield Block.from_rows(numbers, rows)
            numbers, rows = [], []
    if rows:
        yield Block.from_rows(numbers, rows)


# Rows of a sheet mostly repeat the same cells: the same columns with the same
# style and type. A regular expression made of the first row's cells, with only
# the row number and the values left open, reads every row like it at the speed
# of the regular expression engine; other rows are read one by one.
ROW_BYTES_RE = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.S)
TEMPLATE_CELL_RE = re.compile(rb'<c r="([A-Z]{1,3})\d+"([^>]*?)(/>|>(?:<v>([^<]*)</v>)?(.*?)</c>)', re.S)
OTHER_ROW = rb"|(<row\b[^>]*?(?:/>|>.*?</row>))"


def _row_template(body, date_styles):
    """A regular expression reading rows with the same cells as ``body``, and
    the (column index, kind) of the values it captures, kind None for cells
    captured as (attributes, content)."""
    parts, specs = [rb'<row r="(\d+)"[^>]*>'], []
    for letters, attrs, close, value, rest in TEMPLATE_CELL_RE.findall(body):
        index = _column_index(letters.decode())
        if specs and index <= specs[-1][0]:
            return None, None
        text = attrs.decode()
        kind = T_RE.search(text).group(1) if ' t="' in text else "n"
        if close == b"/>" or rest or not value or kind not in ("s", "n", "b", "str"):
            # the content may not run past the cell's end
            parts.append(rb'<c r="' + letters + rb'\d+"([^>]*?)(?:/>|>([^<]*(?:<(?!/c>)[^<]*)*)</c>)')
            specs.append((index, None))
            continue
        parts.append(rb'<c r="' + letters + rb'\d+"' + re.escape(attrs) + rb"><v>([^<]*)</v></c>")
        if kind == "n":
            style = S_RE.search(text).group(1) if ' s="' in text else None
            kind = "date" if style in date_styles else "number"
        specs.append((index, {"s": "text", "b": "bool", "str": "str"}.get(kind, kind)))
    if not specs:
        return None, None
    return re.compile(b"".join(parts) + rb"</row>" + OTHER_ROW, re.S), specs


def _chunk_blocks(chunk, strings, date_styles, size):
    """The non-empty rows of a chunk of sheet XML (bytes) as blocks."""
    first = ROW_BYTES_RE.search(chunk)
    while first and not first.group(1):
        first = ROW_BYTES_RE.search(chunk, first.end())
    template, specs = _row_template(first.group(1), date_styles) if first else (None, None)
    if template is None:
        yield from _row_blocks(_chunk_rows(chunk.decode(), strings, date_styles, None), size)
        return
    found = template.findall(chunk)
    others = len(found) - list(map(itemgetter(-1), found)).count(b"")
    if not others:
        yield from _template_blocks(found, specs, strings, date_styles, size)
        return
    if others * 20 > len(found):  # rows of many shapes: read them one by one
        yield from _row_blocks(_chunk_rows(chunk.decode(), strings, date_styles, None), size)
        return
    # runs of rows read by the template, and of other rows
    start = 0
    for position, match in enumerate(found):
        if match[-1] and (position + 1 == len(found) or not found[position + 1][-1]):
            first = position
            while first > start and found[first - 1][-1]:
                first -= 1
            if start < first:
                yield from _template_blocks(found[start:first], specs, strings, date_styles, size)
            text = b"".join(map(itemgetter(-1), found[first:position + 1])).decode()
            yield from _row_blocks(_chunk_rows(text, strings, date_styles, None), size)
            start = position + 1
    if start < len(found):
        yield from _template_blocks(found[start:], specs, strings, date_styles, size)


def _template_blocks(found, specs, strings, date_styles, size):
    for start in range(0, len(found), size):
        block = _template_block(found[start:start + size], specs, strings, date_styles)
        if len(block):
            yield block


def _template_block(found, specs, strings, date_styles):
    """The rows matched by a row template as a block."""
    groups = list(zip(*found))
    count = len(found)
    numbers = list(map(int, groups[0]))
    columns = []
    position = 1
    for index, kind in specs:
        columns.extend([("value", [None] * count)] * (index - len(columns)))
        if kind is None:
            columns.append(("value", [_decode(attrs.decode(), "", inner.decode(), strings, date_styles)
                                      for attrs, inner in zip(groups[position], groups[position + 1])]))
            position += 2
            continue
        values = groups[position]
        position += 1
        if kind == "text":
            try:
                texts = strings.take(list(map(int, values)))
            except (IndexError, ValueError) as exc:
                raise XlsxError(f"bad shared string reference: {exc}") from exc
            columns.append(("text", texts) if all(texts) else ("value", [text or None for text in texts]))
            continue
        texts = b"\n".join(values).decode().split("\n")
        if kind == "str":
            columns.append(("value", [_unescape(text) or None for text in texts]))
        elif all(texts):
            columns.append((kind, texts))
        else:
            columns.append(("value", [python_values(kind, [text])[0] if text else None for text in texts]))
    block = Block(numbers, columns)
    if all(kind == "value" for kind, _values in columns):  # leave out rows with only empty cells
        keep = [i for i, row in enumerate(zip(*(values for _k, values in columns)))
                if row.count(None) + row.count("") < len(row)]
        if len(keep) < count:
            block = block.take(keep)
    return block


# The sheet XML of every common writer (Excel, LibreOffice, Google Sheets, openpyxl,
# xlsxwriter) has cells as <c r="A1" …>…</c> with unprefixed tags: those are read with
# regular expressions, several times faster than building an element per cell. A row
# whose cells do not all match is parsed by lxml instead.
CHUNK_SIZE = 1 << 20
ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
ROW_NUMBER_RE = re.compile(r'\br="(\d+)"')
# column letters, row number, other attributes, value of a leading <v>, any other content
CELL_RE = re.compile(r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?(.*?)</c>)', re.S)
T_RE = re.compile(r'\bt="(\w+)"')
S_RE = re.compile(r'\bs="(\d+)"')
V_RE = re.compile(r"<v>([^<]*)</v>")
IS_T_RE = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")
# shared strings: plain <si><t>…</t></si> items, or anything else (rich text runs,
# phonetic guides) in the second group
SI_RE = re.compile(rb'<si(?:/>|>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|(.*?))</si>)', re.S)
RPH_RE = re.compile(r"<rPh\b.*?</rPh>", re.S)


def _chunks(archive, path, end_tag, size=None):
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


def _unescape(text):
    return html.unescape(text) if "&" in text else text


def _rich_text(body):
    """Text of a shared string with runs: its <t> elements, phonetic guides left out."""
    if "<rPh" in body:
        body = RPH_RE.sub("", body)
    return html.unescape("".join(IS_T_RE.findall(body)))


def _decode(attrs, value, rest, strings, date_styles):
    """The Python value of one cell, from the groups of CELL_RE."""
    kind = T_RE.search(attrs).group(1) if ' t="' in attrs else None
    if rest and not value:
        if kind == "inlineStr":
            return _unescape("".join(IS_T_RE.findall(rest)))
        found = V_RE.search(rest)
        value = found.group(1) if found else None
    if not value:
        return None
    if kind is None or kind == "n":
        return _number(value, date_styles and ' s="' in attrs and S_RE.search(attrs).group(1) in date_styles)
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return value == "1"
    return _unescape(value)


def _chunk_rows(chunk, strings, date_styles, expected=1):
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
            yield number, _parse_row_xml(body, strings, date_styles)
            continue
        values = []
        for column, _row, cell_attrs, value, rest in cells:
            index = _column_index(column)
            if index > len(values):
                values.extend([None] * (index - len(values)))
            values.append(_decode(cell_attrs, value, rest, strings, date_styles))
        yield number, values


def _iter_rows_text(archive, sheet_path, strings, date_styles):
    expected = 1
    for chunk in _chunks(archive, sheet_path, b"</row>"):
        for number, values in _chunk_rows(chunk.decode(), strings, date_styles, expected):
            expected = number + 1
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
