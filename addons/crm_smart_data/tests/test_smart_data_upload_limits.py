"""Uploads tried as an attacker would: entities, decompression bombs, rows
without end, bytes in no encoding. Each is refused with a clear message and
writes nothing."""
import base64
import io
import os
import struct
import tempfile
import tracemalloc
import zipfile
from types import SimpleNamespace
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools.xlsx_reader import LimitError, iter_rows
from ..tools.xlsx_reader import blocks as blocks_module
from ..tools.xlsx_reader import limits as limits_module
from ..tools.xlsx_reader import rows as rows_module
from ..tools.xlsx_reader.parts import xml_chunks
from .common_data import VISIT_MODEL, SmartDataCase

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def replace_part(content, name, data):
    """The XLSX ``content`` with the member ``name`` holding ``data``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def understate_size(content, name, size):
    """The zip ``content`` with the member ``name`` declaring ``size`` bytes
    once uncompressed, in its local header and in the central directory."""
    data = bytearray(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        local = archive.getinfo(name).header_offset
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name.encode():  # the entry's file name
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, local + 22, size)
    struct.pack_into("<I", data, central + 24, size)
    return bytes(data)


@tagged("at_install", "-post_install")
class TestSmartDataUploadLimits(SmartDataCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.book = cls.xlsx([["Visitor", "Member code"], ["山田", "M001"]])

    def sheet(self, xml):
        return replace_part(self.book, "xl/worksheets/sheet1.xml", xml)

    def shared(self, strings_xml):
        """A workbook whose two rows show the first two shared strings of ``strings_xml``."""
        xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
               '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>')
        return replace_part(self.sheet(xml.encode()), "xl/sharedStrings.xml", strings_xml.encode())

    def assertRefused(self, content, filename, *fragments, preview=True, **kwargs):
        """The upload (and the wizard's preview of its first rows) are refused
        with ``fragments`` in the message, and nothing is written."""
        messages = []
        with self.allowed(VISIT_MODEL):
            with self.assertRaises(UserError) as caught:
                self.io.import_file(VISIT_MODEL, base64.b64encode(content), filename, **kwargs)
            messages.append(str(caught.exception))
            if preview:
                wizard = self.env["smart.import.wizard"].create({
                    "model_id": self.visit_model.id, "file": base64.b64encode(content), "filename": filename,
                    "encoding": kwargs.get("encoding", "auto")})
                with self.assertRaises(UserError) as previewed:
                    wizard.action_load()
                messages.append(str(previewed.exception))
        for fragment in fragments:
            for message in messages:
                self.assertIn(fragment, message)
        self.assertFalse(self.Visit.search_count([]))
        return str(caught.exception)

    def set_limit(self, key, value):
        self.env["ir.config_parameter"].set_param(f"crm_smart_data.upload_max_{key}", value)

    # ------------------------------------------------------------------
    # XML entities
    # ------------------------------------------------------------------

    def test_external_entity_never_reads_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as secret:
            secret.write("TOP-SECRET-7391")
        self.addCleanup(os.unlink, secret.name)
        entity = f'<!DOCTYPE x:worksheet [<!ENTITY leak SYSTEM "file://{secret.name}">]>'
        prefixed = (f'<?xml version="1.0"?>{entity}<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>'
                    '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Visitor</x:t></x:is></x:c></x:row>'
                    '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>&leak;</x:t></x:is></x:c></x:row>'
                    '</x:sheetData></x:worksheet>')
        plain = prefixed.replace("x:", "").replace("xmlns:x=", "xmlns=")
        for xml in (prefixed, plain):
            message = self.assertRefused(self.sheet(xml.encode()), "v.xlsx", "entities")
            self.assertNotIn("TOP-SECRET", message)
        # in the shared strings, in UTF-16, and in the workbook too
        strings = f'<?xml version="1.0"?>{entity}<sst xmlns="{MAIN_NS}"><si><t>Visitor</t></si><si><t>&leak;</t></si></sst>'
        self.assertRefused(self.shared(strings), "v.xlsx", "entities")
        self.assertRefused(self.sheet(plain.replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16")),
                           "v.xlsx", "entities")
        workbook = f'<?xml version="1.0"?>{entity}<workbook xmlns="{MAIN_NS}"/>'
        self.assertRefused(replace_part(self.book, "xl/workbook.xml", workbook.encode()), "v.xlsx", "entities")

    def test_billion_laughs_refused(self):
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">' for i in range(1, 10))
        xml = (f'<?xml version="1.0"?><!DOCTYPE x:worksheet [{entities}]><x:worksheet xmlns:x="{MAIN_NS}">'
               '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lol9;</x:t></x:is></x:c>'
               '</x:row></x:sheetData></x:worksheet>')
        self.assertRefused(self.sheet(xml.encode()), "v.xlsx", "document type")

    # ------------------------------------------------------------------
    # Sizes, rows, columns, cells, time
    # ------------------------------------------------------------------

    def test_row_that_never_ends_stops_early_in_bounded_memory(self):
        xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
               ).encode() + b"0" * (50 << 20)
        bomb = self.sheet(xml)
        del xml
        self.assertLess(len(bomb), 1 << 20, "50 MB of zeros compress to a small zip")
        tracemalloc.start()
        try:
            with self.allowed(VISIT_MODEL), self.assertRaises(UserError) as caught:
                self.io.import_file(VISIT_MODEL, base64.b64encode(bomb), "v.xlsx")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        self.assertIn("Maximum cell length", str(caught.exception))
        self.assertLess(peak, 40 << 20, "what is read of a row that never ends is bounded")

    def test_cells_that_never_close_cost_a_scan_to_the_next_cell(self):
        """Each cell left open is scanned to the next cell's start, never to the
        end of the row: a row of many such cells is read in linear time."""
        cell = '<c r="A1" t="inlineStr"><is><t>x</t></is>'
        # one end tag after them all: a cell whose content could run past the
        # next cell would reach it, after a scan to the end of the row each time
        body = cell * 3000 + "</c>"
        starts = [i * len(cell) for i in range(3000)]
        for pattern, text in ((rows_module.CELL_RE, body), (blocks_module.TEMPLATE_CELL_RE, body.encode())):
            for start, following in zip(starts, [*starts[1:], len(body)]):
                found = pattern.match(text, start)
                self.assertTrue(found is None or found.end() <= following, "a cell's match runs past the next cell")
            self.assertEqual(len(pattern.findall(text)), 1, "only the last cell is closed")
        closed = cell + "</c>" + '<c r="B1" t="s"><v>0</v></c>'
        self.assertEqual([found[4] for found in rows_module.CELL_RE.findall(closed)], ["<is><t>x</t></is>", ""])
        xml = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">{body}</row></sheetData></worksheet>'
        self.assertRefused(self.sheet(xml.encode()), "v.xlsx", "not a readable XLSX workbook")

    def test_part_and_file_sizes_counted_while_reading(self):
        rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>名前 {i}</t></is></c></row>'
                       for i in range(1, 40001))
        big = self.sheet(f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode())
        self.set_limit("part_mb", 1)
        self.assertRefused(big, "v.xlsx", "1 MB", "Maximum size of a part")
        self.set_limit("part_mb", 200)
        self.set_limit("file_mb", 1)
        self.assertRefused(big, "v.xlsx", "1 MB", "Maximum size of a file")
        self.assertRefused(("Visitor\n" + "山田\n" * 400000).encode(), "v.csv", "Maximum size of a file")

    def test_understated_sizes_counted_as_decompressed(self):
        """A member declaring 1 KB that expands to megabytes is read as far as
        the limits allow and refused by them, not cut at what it declares."""
        rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>名前 {i}</t></is></c></row>'
                       for i in range(2, 40001))
        xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Visitor</t>'
               f'</is></c></row>{rows}</sheetData></worksheet>').encode()
        self.assertGreater(len(xml), 2 << 20)
        sheet = "xl/worksheets/sheet1.xml"
        lying = understate_size(self.sheet(xml), sheet, 1024)
        with zipfile.ZipFile(io.BytesIO(lying)) as archive:
            self.assertEqual(archive.getinfo(sheet).file_size, 1024)
        # (the preview reads the first rows only: it has no reason to refuse)
        self.set_limit("part_mb", 1)
        self.assertRefused(lying, "v.xlsx", "1 MB", "Maximum size of a part", preview=False)
        self.set_limit("part_mb", 200)
        self.set_limit("file_mb", 1)
        self.assertRefused(lying, "v.xlsx", "1 MB", "Maximum size of a file", preview=False)
        # within the limits, a member is read to its end whatever it declares
        with zipfile.ZipFile(io.BytesIO(self.book)) as archive:
            declared = archive.getinfo(sheet).file_size
        with self.allowed(VISIT_MODEL):
            result = self.io.import_file(VISIT_MODEL, base64.b64encode(understate_size(self.book, sheet, declared // 4)),
                                         "v.xlsx")
        self.assertEqual(result["created"], 1)
        self.assertEqual(self.Visit.search([]).mapped("x_name"), ["山田"])

    def test_rows_columns_and_cells_limited(self):
        rows = [["Visitor"]] + [[f"名前 {i}"] for i in range(30)]
        self.set_limit("rows", 20)
        self.assertRefused(self.xlsx(rows), "v.xlsx", "Row 21", "Maximum rows", preview=False)
        self.assertRefused("\n".join(row[0] for row in rows).encode(), "v.csv", "Row 21", "Maximum rows",
                           preview=False)
        self.set_limit("rows", 1000000)
        self.set_limit("columns", 5)
        wide = [["Visitor", *range(9)], ["山田", *range(9)]]
        self.assertRefused(self.xlsx(wide), "v.xlsx", "Maximum columns")
        self.assertRefused(b"Visitor,1,2,3,4,5,6,7\n", "v.csv", "Maximum columns")
        self.set_limit("columns", 500)
        self.set_limit("cell_length", 100)
        self.assertRefused(self.xlsx([["Visitor"], ["山" * 101]]), "v.xlsx", "Row 2", "100 characters")
        self.assertRefused(("Visitor\n" + "山" * 101).encode(), "v.csv", "Row 2", "Maximum cell length")
        self.assertRefused(("Visitor\n\"" + "山" * 200000 + "\"").encode(), "v.csv", "Row 2", "Maximum cell length")

    def test_time_limited(self):
        rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>名前 {i}</t></is></c></row>'
                       for i in range(1, 3001))
        slow = self.sheet(f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode())
        clock = iter(range(0, 10 ** 6, 100))
        with patch.object(limits_module, "time", SimpleNamespace(monotonic=lambda: next(clock))):
            self.assertRefused(slow, "v.xlsx", "Maximum upload time")

    def test_time_checked_within_a_chunk(self):
        """The time limit is looked at every few hundred rows and cells, not only
        between the chunks of a sheet: one chunk cannot run past it."""
        many = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>名前 {i}</t></is></c></row>'
                       for i in range(1, 3001))
        wide = '<row r="1">' + '<c r="A1" t="inlineStr"><is><t>名前</t></is></c>' * 3000 + "</row>"
        late = {"now": False}

        def late_chunks(*args, **kwargs):
            for chunk in xml_chunks(*args, **kwargs):
                late["now"] = True  # the time is up once a chunk has been read
                yield chunk

        clock = SimpleNamespace(monotonic=lambda: 10 ** 6 if late["now"] else 0)
        for rows, last in ((many, rows_module.CHECK_EVERY - 1), (wide, 0)):
            book = self.sheet(f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode())
            late["now"] = False
            read = []
            with patch.object(limits_module, "time", clock), patch.object(rows_module, "xml_chunks", late_chunks), \
                    self.assertRaises(LimitError) as caught:
                for row in iter_rows(io.BytesIO(book), limits_module.Limits(seconds=60, columns=5000)):
                    read.append(row)
            self.assertEqual(caught.exception.limit, "seconds")
            self.assertEqual(len(read), last, "stopped within the chunk")

    def test_settings_hold_the_limits(self):
        settings = self.env["res.config.settings"].create({"smart_upload_max_rows": 1234})
        settings.execute()
        self.assertEqual(self.io._upload_limits().rows, 1234)
        self.assertEqual(self.io._upload_limits().cell_length, 32767)
        self.set_limit("rows", "nonsense")
        self.assertEqual(self.io._upload_limits().rows, 1000000)

    # ------------------------------------------------------------------
    # Encodings and NUL characters
    # ------------------------------------------------------------------

    def test_csv_in_mixed_or_no_encoding_refused_with_the_row(self):
        mixed = "Visitor\n山田\n".encode() + "鈴木\n".encode("cp932") + "高橋\n".encode()
        # the row as every other message names it: sheet row, data row in brackets
        self.assertRefused(mixed, "v.csv", "Row 3 (data row 2) of the CSV file", "mixes encodings")
        garbage = "Visitor\n".encode("cp932") + "鈴木\n".encode("cp932") + b"\x82\xff\x81\n"
        self.assertRefused(garbage, "v.csv", "Row 3 (data row 2) of the CSV file", "neither UTF-8 nor Shift_JIS")
        self.assertRefused(mixed, "v.csv", "Row 3 (data row 2) of the CSV file", "utf-8-sig", encoding="utf-8-sig")
        with self.allowed(VISIT_MODEL):  # a clean Shift_JIS file still reads
            result = self.io.import_file(VISIT_MODEL, base64.b64encode("Visitor\n鈴木\nﾃｽﾄ\n".encode("cp932")), "v.csv")
        self.assertEqual(result["created"], 2)

    def test_nul_character_refused_with_the_row(self):
        self.assertRefused(b"Visitor\nab\x00c\n", "v.csv", "Row 2", "NUL")
        xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Visitor</t>'
               '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a\0b</t></is></c></row></sheetData>'
               '</worksheet>')
        self.assertRefused(self.sheet(xml.encode()), "v.xlsx", "Row 2", "NUL")
        self.assertRefused(self.shared(f'<sst xmlns="{MAIN_NS}"><si><t>Visitor</t></si><si><t>山\0田</t></si></sst>'),
                           "v.xlsx", "Row 2", "NUL")
