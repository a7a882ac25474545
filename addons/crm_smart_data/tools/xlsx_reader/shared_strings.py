"""The shared-string table of a workbook, read as far as the rows use it."""
import array
import html
import itertools
import mmap
import re
import tempfile
import zipfile
import zlib
from operator import itemgetter

from . import parts
from .cells import IS_T_RE, unescape
from .parts import XlsxError, xml_chunks

# shared strings beyond this many go to a temporary file
SPILL_AT = 16384
# shared strings: plain <si><t>…</t></si> items, or anything else (rich text runs,
# phonetic guides) in the second group
SI_RE = re.compile(rb'<si(?:/>|>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|(.*?))</si>)', re.S)
RPH_RE = re.compile(r"<rPh\b.*?</rPh>", re.S)


class SharedStrings:
    """The shared-string table of a workbook: a list while it is small, then a
    temporary file read through a memory map, so that the memory of a reader
    does not grow with the number of distinct texts of the file.

    The table is read as far as the strings asked for (``source`` gives the
    texts of the rest, a list at a time), so that the first rows of a sheet
    can be used before a large table has been read to its end."""

    def __init__(self, source=None):
        self.spill_at = SPILL_AT
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


def open_shared_strings(archive, path):
    """The shared strings of a workbook, read as far as they are used."""
    if path not in archive.namelist():
        return SharedStrings().close_writing()
    return SharedStrings(source=_shared_texts(archive, path))


def _shared_texts(archive, path):
    """The texts of the shared strings, a list per chunk of the XML."""
    # in smaller chunks than the sheet: read while rows are converted, they
    # should add little to what the reader holds at once
    for chunk in xml_chunks(archive, path, b"</si>", max(parts.CHUNK_SIZE // 4, 1)):
        found = SI_RE.findall(chunk)
        if any(map(itemgetter(1), found)):  # rich text or phonetic guides
            yield [unescape(plain.decode()) if not other else rich_text(other.decode())
                   for plain, other in found]
            continue
        # plain strings, decoded at once (XML text holds no NUL character)
        texts = b"\0".join(map(itemgetter(0), found)).decode().split("\0") if found else []
        yield list(map(unescape, texts)) if b"&" in chunk else texts


def rich_text(body):
    """Text of a shared string with runs: its <t> elements, phonetic guides left out."""
    if "<rPh" in body:
        body = RPH_RE.sub("", body)
    return html.unescape("".join(IS_T_RE.findall(body)))
