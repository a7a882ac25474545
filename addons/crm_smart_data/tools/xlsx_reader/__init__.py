"""Streaming reader of the first worksheet of an XLSX file.

Reads the sheet XML a megabyte at a time and frees every chunk once its rows
have been yielded, and keeps a large shared-string table in a temporary file,
so memory does not grow with the file. :func:`iter_rows` gives rows of Python values:
str, int, float, bool, datetime.datetime (cells with a date format) or None.
:func:`iter_blocks` gives the same rows column by column, with the numbers and
flags still as the text of the file, for readers that check and convert a
whole column at once.

* ``parts``: the parts of the zip package (first sheet, date styles, XML in chunks),
  read with DTDs and entities refused;
* ``limits``: the sizes, rows, columns, cell lengths and time an upload may take;
* ``shared_strings``: the shared-string table, read as far as the rows use it;
* ``cells``: the value of one cell;
* ``rows``: rows read with regular expressions, ``rows_xml``: with lxml;
* ``blocks``: rows column by column, with a fast path for rows shaped alike.
"""
from .blocks import Block, iter_blocks, python_values
from .limits import Limits
from .parts import LimitError, UnsafeXmlError, XlsxError
from .rows import iter_rows, row_count_hint

__all__ = ["Block", "LimitError", "Limits", "UnsafeXmlError", "XlsxError", "iter_blocks", "iter_rows",
           "python_values", "row_count_hint"]
