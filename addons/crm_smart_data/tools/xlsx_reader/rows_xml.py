"""Rows read with lxml: sheets whose XML uses namespace prefixes, and rows
the regular expressions of :mod:`.rows` do not read."""
from lxml import etree

from .cells import column_index, number_value
from .parts import NS


def parse_row(body, strings, date_styles):
    row = etree.fromstring(f'<row xmlns="{NS[1:-1]}">{body}</row>')
    return row_values(row, strings, date_styles)


def iter_rows_xml(archive, sheet_path, strings, date_styles):
    expected = 1
    with archive.open(sheet_path) as stream:
        for _event, row in etree.iterparse(stream, tag=f"{NS}row"):
            row_ref = row.get("r")
            number = int(row_ref) if row_ref else expected
            while expected < number:  # rows left out of the file are empty
                yield []
                expected += 1
            values = row_values(row, strings, date_styles)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            expected = number + 1
            yield values


def row_values(row, strings, date_styles):
    v_tag, is_tag, t_tag = f"{NS}v", f"{NS}is", f"{NS}t"
    values = []
    for cell in row:
        ref = cell.get("r")
        if ref is not None:
            index = column_index(ref)
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
