"""Uploads tried as an attacker would, over JSON-2: each is refused with a
422 and a clear message, and writes nothing."""
import base64
import io
import uuid
import zipfile

import openpyxl
import pytest

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def batch():
    return f"probe-{uuid.uuid4().hex[:8]}"


def _b64(content):
    return base64.b64encode(content).decode()


def _book(batch, sheet_xml=None):
    """An XLSX of customers whose names start with ``batch``, its sheet
    replaced by ``sheet_xml`` when given."""
    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.active.append([f"{batch} 山田"])
    buffer = io.BytesIO()
    book.save(buffer)
    if sheet_xml is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def _refused(api, batch, content, filename, *fragments):
    res = api.call("smart.data.io", "import_file", expect_error=True, model_name="res.partner",
                   content=_b64(content), filename=filename)
    assert res.status_code == 422, res.text[:2000]
    message = res.json()["message"]
    for fragment in fragments:
        assert fragment in message, message
    assert not api.call("res.partner", "search_count", domain=[("name", "=like", f"{batch}%")])
    return message


def test_external_entity_is_refused_and_never_read(api, batch):
    entity = '<!DOCTYPE x:worksheet [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
    xml = (f'<?xml version="1.0"?>{entity}<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>'
           '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Name</x:t></x:is></x:c></x:row>'
           f'<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>{batch} &leak;</x:t></x:is></x:c></x:row>'
           '</x:sheetData></x:worksheet>')
    message = _refused(api, batch, _book(batch, xml.encode()), "customers.xlsx", "entities")
    assert "root:" not in message


def test_billion_laughs_is_refused(api, batch):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE x:worksheet [{entities}]><x:worksheet xmlns:x="{MAIN_NS}">'
           '<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>&lol9;</x:t></x:is></x:c>'
           '</x:row></x:sheetData></x:worksheet>')
    _refused(api, batch, _book(batch, xml.encode()), "customers.xlsx", "document type")


def test_row_that_never_ends_is_refused(api, batch):
    xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
           ).encode() + b"0" * (50 << 20)
    _refused(api, batch, _book(batch, xml), "customers.xlsx", "Maximum cell length")


def test_nul_character_is_refused_with_its_row(api, batch):
    _refused(api, batch, f"Name\n{batch} 山\0田\n".encode(), "customers.csv", "Row 2", "NUL")
    xml = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t>'
           f'</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{batch} a\0b</t></is></c></row>'
           '</sheetData></worksheet>')
    _refused(api, batch, _book(batch, xml.encode()), "customers.xlsx", "Row 2", "NUL")


def test_csv_mixing_encodings_is_refused_with_its_row(api, batch):
    content = f"Name\n{batch} 山田\n".encode() + f"{batch} 鈴木\n".encode("cp932")
    _refused(api, batch, content, "customers.csv", "Row 3", "mixes encodings")
    content = f"Name\n{batch} 鈴木\n".encode("cp932") + b"\x82\xff\x81\n"
    _refused(api, batch, content, "customers.csv", "Row 3", "neither UTF-8 nor Shift_JIS")
