"""Rows read with lxml: sheets whose XML uses namespace prefixes, and rows
the regular expressions of :mod:`.rows` do not read."""
from lxml import etree

from .cells import column_index, number_value
from .parts import NS, LimitError, open_part, safe_iterparse, safe_parser

# elements one row may hold per column (cell, value, rich text runs …), at most
ELEMENTS_PER_COLUMN = 64


def parse_row(body, strings, date_styles, limits, number):
    row = etree.fromstring(f'<row xmlns="{NS[1:-1]}">{body}</row>', safe_parser())
    return row_values(row, strings, date_styles, limits, number)


def iter_rows_xml(archive, sheet_path, strings, date_styles, limits):
    """The rows of a sheet; the elements of the sheet are dropped as soon as
    they have been read, and a row holding more elements than its columns
    at the limits may need is refused before it ends."""
    expected = 1
    depth = elements = 0
    row_tag = f"{NS}row"
    most = limits.columns * ELEMENTS_PER_COLUMN
    with open_part(archive, sheet_path, limits) as stream:
        for event, element in safe_iterparse(stream, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth > 3:  # inside a row (worksheet, sheetData, row)
                    elements += 1
                    if elements > most:
                        raise LimitError("columns", limits.columns, expected)
                continue
            depth -= 1
            if depth > 2:
                continue
            if element.tag == row_tag:
                row_ref = element.get("r")
                number = int(row_ref) if row_ref else expected
                if number > limits.rows:
                    raise LimitError("rows", limits.rows, number)
                while expected < number:  # rows left out of the file are empty
                    yield []
                    expected += 1
                values = row_values(element, strings, date_styles, limits, number)
                expected = number + 1
                yield values
            elements = 0
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]


def row_values(row, strings, date_styles, limits, number):
    v_tag, is_tag, t_tag = f"{NS}v", f"{NS}is", f"{NS}t"
    values = []
    for cell in row:
        ref = cell.get("r")
        if ref is not None:
            index = column_index(ref)
            if index >= limits.columns:
                raise LimitError("columns", limits.columns, number)
            if index > len(values):
                values.extend([None] * (index - len(values)))
        kind = cell.get("t")
        if kind is None or kind == "n":
            text = cell.findtext(v_tag)
            values.append(number_value(text, date_styles and cell.get("s") in date_styles) if text else None)
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
