"""The values of cells, from the text of the sheet XML."""
import datetime
import html
import re

EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
COLUMN_RE = re.compile(r"[A-Z]+")
T_RE = re.compile(r'\bt="(\w+)"')
S_RE = re.compile(r'\bs="(\d+)"')
V_RE = re.compile(r"<v>([^<]*)</v>")
IS_T_RE = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")


def number_value(text, is_date):
    """The value of a numeric cell: a datetime when its format shows a date."""
    if is_date:
        return EXCEL_EPOCH + datetime.timedelta(milliseconds=round(float(text) * 86400000))
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def column_index(ref):
    letters = COLUMN_RE.match(ref).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def unescape(text):
    return html.unescape(text) if "&" in text else text


def decode_cell(attrs, value, rest, strings, date_styles):
    """The Python value of one cell, from the groups of CELL_RE."""
    kind = T_RE.search(attrs).group(1) if ' t="' in attrs else None
    if rest and not value:
        if kind == "inlineStr":
            return unescape("".join(IS_T_RE.findall(rest)))
        found = V_RE.search(rest)
        value = found.group(1) if found else None
    if not value:
        return None
    if kind is None or kind == "n":
        return number_value(value, date_styles and ' s="' in attrs and S_RE.search(attrs).group(1) in date_styles)
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return value == "1"
    return unescape(value)
