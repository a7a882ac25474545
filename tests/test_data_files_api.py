"""Files in and out of Smart CRM's data tools over Odoo's JSON-2 API: they
travel as base64 text, and mistakes come back as clean, translated errors."""
import base64
import csv
import io
import re
import uuid

import openpyxl
import pytest

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _b64(content):
    return base64.b64encode(content).decode()


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def batch(api):
    """A name prefix for the customers a test uploads; they are deleted after it."""
    prefix = f"API-{uuid.uuid4().hex[:8]}"
    yield prefix
    ids = api.call("res.partner", "search", domain=[("name", "like", prefix)])
    if ids:
        api.call("res.partner", "unlink", ids=ids)


def _names(api, prefix):
    records = api.call("res.partner", "search_read", domain=[("name", "like", prefix)],
                       fields=["name", "email", "partner_latitude"], order="name")
    return [(record["name"], record["email"] or record["partner_latitude"]) for record in records]


def test_import_csv_in_base64(api, batch):
    content = f"Name,Email\n{batch} 山田,yamada@example.jp\n{batch} 鈴木,suzuki@example.jp\n"
    result = api.call("smart.data.io", "import_file", model_name="res.partner",
                      content=_b64(content.encode("cp932")), filename="customers.csv")
    assert (result["created"], result["errors"], result["rejected_file"]) == (2, [], False)
    assert _names(api, batch) == [(f"{batch} 山田", "yamada@example.jp"), (f"{batch} 鈴木", "suzuki@example.jp")]
    # the ids of the records it wrote, as [first, last] ranges
    (first, last), = result["record_ranges"]
    written = api.call("res.partner", "search_read", domain=[("id", ">=", first), ("id", "<=", last)],
                       fields=["name"], order="id")
    assert [record["name"] for record in written] == [f"{batch} 山田", f"{batch} 鈴木"]


def test_import_xlsx_in_base64_with_rejected_rows(api, batch):
    content = _xlsx([["Name", "Latitude"], [f"{batch} 山田", 35.5], [f"{batch} 鈴木", "north"]])
    result = api.call("smart.data.io", "import_file", model_name="res.partner", content=_b64(content),
                      filename="customers.xlsx", mapping={"0": "name", "1": "partner_latitude"}, mode="valid")
    assert result["created"] == 1 and result["rejected_count"] == 1
    rejected = openpyxl.load_workbook(io.BytesIO(base64.b64decode(result["rejected_file"]))).active
    # the sheet row of the rejected row first, then its cells
    assert [cell.value for cell in rejected[2]][:3] == [3, f"{batch} 鈴木", "north"]
    assert _names(api, batch) == [(f"{batch} 山田", 35.5)]


def test_export_xlsx_and_csv_in_base64(api, batch):
    name = f"=1+1 {batch}"
    [partner_id] = api.call("res.partner", "create", vals_list=[{"name": name, "email": "a@example.jp"}])
    content = api.call("smart.data.io", "export_xlsx", model_name="res.partner",
                       record_ids=[partner_id], field_names=["name", "email"])
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(content))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["Name", "Email"], [name, "a@example.jp"]]
    assert sheet["A2"].data_type == "s", "a name is never a formula"

    content = api.call("smart.data.io", "export_csv", model_name="res.partner",
                       record_ids=[partner_id], field_names=["name", "email"])
    rows = list(csv.reader(io.StringIO(base64.b64decode(content).decode("utf-8-sig"))))
    assert rows == [["Name", "Email"], ["'" + name, "a@example.jp"]]


def test_crosstab_and_crosstab_xlsx(api):
    domain = [("country_id.code", "=", "JP")]
    data = api.call("smart.data.io", "crosstab", model_name="res.partner", row_field="country_id",
                    col_field="is_company", domain=domain)
    content = api.call("smart.data.io", "crosstab_xlsx", model_name="res.partner", row_field="country_id",
                       col_field="is_company", domain=domain)
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(content))).active
    header, *body = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header[-1] == "Total"
    assert {row[0]: row[-1] for row in body} == {"Japan": data["total"], "Total": data["total"]}


@pytest.mark.parametrize("method,params", [
    ("export_xlsx", {"field_names": ["name", "no_such_field"]}),
    ("export_csv", {"field_names": ["no_such_field"]}),
    ("crosstab", {"row_field": "no_such_field", "col_field": "is_company"}),
    ("crosstab_xlsx", {"row_field": "country_id", "col_field": "no_such_field"}),
    ("crosstab", {"row_field": "country_id", "col_field": "is_company", "measure": "sum",
                  "measure_field": "no_such_field"}),
    ("import_file", {"content": _b64(b"Name\nx\n"), "filename": "customers.csv", "mapping": {"0": "no_such_field"}}),
    ("import_file", {"content": "not base64 at all!", "filename": "customers.csv"}),
])
def test_mistakes_are_clean_translated_errors(api, method, params):
    res = api.call("smart.data.io", method, model_name="res.partner", expect_error=True,
                   context={"lang": "ja_JP"}, **params)
    assert res.status_code == 422, res.text
    error = res.json()
    assert error["name"] == "odoo.exceptions.UserError", error
    assert JAPANESE.search(error["message"]), f"untranslated error: {error['message']}"
