"""Rows of the first worksheet column by column (:class:`Block`), with the
numbers and flags still as the text of the file."""
import functools
import itertools
import re
from operator import itemgetter

from .cells import S_RE, T_RE, column_index, decode_cell, number_value, unescape
from .limits import Limits
from .parts import LimitError, XlsxError, unnumbered_rows, xml_chunks
from .rows import CELL_CONTENT, chunk_rows, iter_rows, open_sheet

# Rows of a sheet mostly repeat the same cells: the same columns with the same
# style and type. A regular expression made of the cells of the fullest of the
# first rows, with only the row number and the values left open and every cell
# optional, reads every row like it, and rows that leave some of its cells
# empty (an optional column), at the speed of the regular expression engine;
# other rows are read one by one.
ROW_BYTES_RE = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.S)
TEMPLATE_CELL_RE = re.compile(rb'<c r="([A-Z]{1,3})\d+"([^<>]*)(/>|>(?:<v>([^<]*)</v>)?(' + CELL_CONTENT.encode()
                              + rb")</c>)", re.S)
OTHER_ROW = rb"|(<row\b[^>]*?(?:/>|>.*?</row>))"
# rows of a chunk among which the template row is chosen (the one with most cells)
TEMPLATE_CANDIDATES = 64


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
        return [number_value(text, False) for text in values]
    if kind == "date":
        return [number_value(text, True) for text in values]
    if kind == "bool":
        return [text == "1" for text in values]
    return values


def iter_blocks(file_obj, size=5000, limits=None):
    """Yields the non-empty rows of the first worksheet as :class:`Block`
    objects, the first row of the sheet in a block of its own, within
    ``limits`` (a :class:`.limits.Limits`, its defaults when not given)."""
    limits = limits or Limits()
    archive, sheet_path, strings, date_styles, prefixed = open_sheet(file_obj, limits)
    if prefixed or unnumbered_rows(archive, sheet_path, limits):
        strings.close()
        yield from row_blocks(enumerate(iter_rows(file_obj, limits), start=1), size)
        return
    try:
        first = True
        for chunk in xml_chunks(archive, sheet_path, b"</row>", limits):
            if first:
                # the header row rarely looks like the data below it: read it on its own
                cut = chunk.find(b"</row>") + len(b"</row>")
                if cut < len(b"</row>"):
                    cut = len(chunk)
                yield from row_blocks(chunk_rows(chunk[:cut].decode(), strings, date_styles, limits), 1)
                chunk = chunk[cut:]
                first = False
            yield from _chunk_blocks(chunk, strings, date_styles, size, limits)
    finally:
        strings.close()


def row_blocks(numbered_rows, size):
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


def _row_template(body, date_styles, limits):
    """A regular expression reading rows with the same cells as ``body``, and
    the (column index, kind) of the values it captures, kind None for cells
    captured as (attributes, content)."""
    parts, specs = [rb'<row r="(\d+)"[^>]*>'], []
    for letters, attrs, close, value, rest in TEMPLATE_CELL_RE.findall(body):
        index = column_index(letters.decode())
        if (specs and index <= specs[-1][0]) or index >= limits.columns:
            return None, None
        text = attrs.decode()
        kind = T_RE.search(text).group(1) if ' t="' in text else "n"
        if close == b"/>" or rest or not value or kind not in ("s", "n", "b", "str"):
            # the content may not run past the cell's end
            parts.append(rb'(?:<c r="' + letters + rb'\d+"([^<>]*)(?:/>|>(' + CELL_CONTENT.encode() + rb")</c>))?")
            specs.append((index, None))
            continue
        parts.append(rb'(?:<c r="' + letters + rb'\d+"' + re.escape(attrs) + rb"><v>([^<]*)</v></c>)?")
        if kind == "n":
            style = S_RE.search(text).group(1) if ' s="' in text else None
            kind = "date" if style in date_styles else "number"
        specs.append((index, {"s": "text", "b": "bool", "str": "str"}.get(kind, kind)))
    if not specs:
        return None, None
    return _compile_template(b"".join(parts) + rb"</row>" + OTHER_ROW), specs


@functools.lru_cache(maxsize=16)
def _compile_template(pattern):
    """The row template, compiled once per upload however many chunks use it
    (the re module's own cache is shared with all the server's code)."""
    return re.compile(pattern, re.S)


def _chunk_blocks(chunk, strings, date_styles, size, limits):
    """The non-empty rows of a chunk of sheet XML (bytes) as blocks."""
    bodies = [match.group(1) for match in itertools.islice(ROW_BYTES_RE.finditer(chunk), TEMPLATE_CANDIDATES)
              if match.group(1)]
    fullest = max(bodies, key=lambda body: body.count(b"<c "), default=None)
    template, specs = _row_template(fullest, date_styles, limits) if fullest else (None, None)
    if template is None:
        yield from row_blocks(chunk_rows(chunk.decode(), strings, date_styles, limits, None), size)
        return
    found = template.findall(chunk)
    if found and int(found[-1][0] or 0) > limits.rows:
        raise LimitError("rows", limits.rows, next(int(match[0]) for match in found
                                                   if match[0] and int(match[0]) > limits.rows))
    others = len(found) - list(map(itemgetter(-1), found)).count(b"")
    if not others:
        yield from _template_blocks(found, specs, strings, date_styles, size)
        return
    if others * 20 > len(found):  # rows of many shapes: read them one by one
        yield from row_blocks(chunk_rows(chunk.decode(), strings, date_styles, limits, None), size)
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
            yield from row_blocks(chunk_rows(text, strings, date_styles, limits, None), size)
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
            columns.append(("value", [decode_cell(attrs.decode(), "", inner.decode(), strings, date_styles)
                                      for attrs, inner in zip(groups[position], groups[position + 1])]))
            position += 2
            continue
        values = groups[position]
        position += 1
        if kind == "text":
            present = values if all(values) else [value for value in values if value]
            try:
                texts = strings.take(list(map(int, present)))
            except (IndexError, ValueError) as exc:
                raise XlsxError(f"bad shared string reference: {exc}") from exc
            if len(present) < count:  # cells left empty in some rows
                found_texts = iter(texts)
                texts = [next(found_texts) if value else None for value in values]
            columns.append(("text", texts) if all(texts) else ("value", [text or None for text in texts]))
            continue
        texts = b"\n".join(values).decode().split("\n")
        if kind == "str":
            columns.append(("value", [unescape(text) or None for text in texts]))
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
