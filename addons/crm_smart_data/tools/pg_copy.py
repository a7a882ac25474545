"""Rows written with PostgreSQL's COPY: the text format of values, and a COPY
fed by a second thread that prepares the next rows while one is written."""
import contextlib
import queue
import threading

import psycopg2

from odoo.addons.crm_smart_base.tools.convert import FULL_WIDTH_SPACE

# characters a text cell must not hold to be written as it is (a full-width
# space is converted: see crm_smart_base's tools.convert.to_text)
COPY_SPECIAL = ("\\", "\t", "\n", "\r", FULL_WIDTH_SPACE)
# prepared batches of rows waiting for the COPY stream, at most
QUEUE_SIZE = 2


def text_value(value):
    """A value in PostgreSQL's COPY text format."""
    if value is None or value is False:
        return "\\N"
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _plain(value):
    return "\\N" if value is None or value is False else str(value)


def _float(value):
    return "\\N" if value is None or value is False else repr(float(value))


def _bool(value):
    return "t" if value else "f"


def _date(value):
    return "\\N" if not value else value.isoformat()


FORMATS = {
    "integer": _plain, "float": _float, "monetary": _float,
    "boolean": _bool, "date": _date, "datetime": _date, "many2one": _plain,
}


def formatter(field_type):
    """The function giving the COPY text of a value of a field of ``field_type``."""
    return FORMATS.get(field_type, text_value)


def rows_text(layout, texts):
    """The COPY input (bytes) of rows given column by column as COPY text;
    ``layout`` is (column names, the text ending every row)."""
    end = layout[1]
    return (end.join(map("\t".join, zip(*texts))) + end).encode()


class ChunkReader:
    """A file for cursor.copy_from that reads the chunks of a generator."""

    def __init__(self, chunks):
        self.chunks = chunks
        self.read = self.readline = self._next_chunk  # what copy_from calls

    def _next_chunk(self, size=-1):
        return next(self.chunks, b"")


def copy_from(cr, table, names, stream):
    """COPY of ``stream`` into the columns ``names`` of ``table``."""
    # COPY does not work with an asynchronous wait callback (as in Odoo's own use of copy_from)
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        cr.copy_from(stream, table, columns=names, null="\\N")
    finally:
        psycopg2.extensions.set_wait_callback(callback)


def overlapped(chunks, write, name):
    """Calls ``write`` with each item of the iterator ``chunks``, which a second
    thread (named ``name``) advances meanwhile, so that preparing the next
    items and writing one overlap. The iterator must not use the cursor;
    what it raises is raised again here, after the thread has ended."""
    ready = queue.Queue(maxsize=QUEUE_SIZE)
    stop = threading.Event()
    failure = []

    def produce():
        try:
            for chunk in chunks:
                if stop.is_set():
                    return
                ready.put(chunk)
        except BaseException as exc:  # noqa: BLE001 - raised again by the caller's thread
            failure.append(exc)
        finally:
            ready.put(b"")

    producer = threading.Thread(target=produce, name=name, daemon=True)
    producer.start()
    try:
        for chunk in iter(ready.get, b""):
            write(chunk)
    finally:
        stop.set()
        while producer.is_alive():  # let a producer waiting on a full queue end
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.1)
        producer.join()
    if failure:
        raise failure[0]
