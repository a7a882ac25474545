"""Limits of what an upload may hold and cost, checked while it is read.

An uploaded file is untrusted: a few hundred kilobytes of zip can expand to
gigabytes, a row may never close, a sheet may hold millions of tiny rows. The
reader counts what it decompresses and reads (declared sizes of a zip may lie),
the rows, columns and length of cells, and the time spent, and stops at the
first limit passed with a :class:`LimitError` naming it."""
import time

from .parts import LimitError

MB = 1 << 20


class Limits:
    """Limits of one upload, and what it has used of them so far."""

    def __init__(self, part_size=200 * MB, file_size=500 * MB, rows=1_000_000, columns=500,
                 cell_length=32767, seconds=600):
        self.part_size = part_size
        self.file_size = file_size
        self.rows = rows
        self.columns = columns
        self.cell_length = cell_length
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.read = 0  # bytes decompressed from the file so far

    @property
    def row_size(self):
        """Bytes of the XML of one row (or one shared string) read before it
        ends, at most: its cells at their longest, with their markup."""
        return self.columns * (self.cell_length + 64)

    def count(self, size):
        """Counts ``size`` more bytes read from the file."""
        self.read += size
        if self.read > self.file_size:
            raise LimitError("file_size", self.file_size)
        self.check_time()

    def check_time(self, row=None):
        if time.monotonic() > self.deadline:
            raise LimitError("seconds", self.seconds, row)

    def check_row(self, number, values):
        """Checks one row (a list of Python values) against the limits."""
        if number > self.rows:
            raise LimitError("rows", self.rows, number)
        if len(values) > self.columns:
            raise LimitError("columns", self.columns, number)
        for value in values:
            if type(value) is str:
                self.check_text(value, number)
        if not number % 1000:
            self.check_time(number)

    def check_text(self, text, row):
        if len(text) > self.cell_length:
            raise LimitError("cell_length", self.cell_length, row)
        if "\0" in text:
            raise LimitError("nul", 0, row)

    def check_block(self, block):
        """Checks the rows of a :class:`~.blocks.Block` against the limits."""
        if not block.numbers:
            return
        if block.numbers[-1] > self.rows:
            raise LimitError("rows", self.rows, next(n for n in block.numbers if n > self.rows))
        if len(block.columns) > self.columns:
            raise LimitError("columns", self.columns, block.numbers[0])
        for kind, values in block.columns:
            if kind == "text":
                joined = "".join(values)
                if "\0" not in joined and max(map(len, values)) <= self.cell_length:
                    continue
            elif kind != "value":
                continue  # text of numbers and flags: short and checked by the XML's size
            for position, value in enumerate(values):
                if type(value) is str:
                    self.check_text(value, block.numbers[position])
        self.check_time(block.numbers[-1])
