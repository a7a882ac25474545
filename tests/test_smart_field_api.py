"""Custom fields defined over JSON-2 are usable at once by every worker of a
multi-worker server, without restart or module upgrade."""
import base64
import csv
import io

import pytest

ROUNDS = 8


@pytest.fixture
def smart_fields(api):
    created = []

    def create(**vals):
        [field_id] = api.call("smart.field", "create", vals_list=[vals])
        created.append(field_id)
        [record] = api.call("smart.field", "read", ids=[field_id], fields=["name", "label", "field_type"])
        return record

    yield create
    if created:
        api.call("smart.field", "unlink", ids=created)


def _warm_up(api):
    # every worker loads its registry before the field exists
    for _ in range(ROUNDS):
        api.call("res.partner", "search_count", domain=[])


def test_new_field_is_seen_by_every_worker(api, smart_fields):
    _warm_up(api)
    code = smart_fields(label="API 会員番号", field_type="char", indexed=True)
    assert code["name"].startswith("x_")
    [partner_id] = api.call("res.partner", "create", vals_list=[{"name": "API 花子"}])
    try:
        for round_ in range(ROUNDS):
            value = f"M-{round_:04d}"
            assert api.call("res.partner", "write", ids=[partner_id], vals={code["name"]: value}) is True
            [read] = api.call("res.partner", "read", ids=[partner_id], fields=[code["name"]])
            assert read[code["name"]] == value
            found = api.call("res.partner", "search", domain=[(code["name"], "=", value)])
            assert found == [partner_id]
            assert code["name"] in api.call("res.partner", "fields_get", attributes=["string"])
    finally:
        api.call("res.partner", "unlink", ids=[partner_id])


def test_choices_and_normalised_values_over_the_api(api, smart_fields):
    rank = smart_fields(label="API ランク", field_type="selection",
                        choice_ids=[[0, 0, {"label": "ゴールド"}], [0, 0, {"label": "シルバー"}]])
    phone = smart_fields(label="API 携帯", field_type="phone")
    [choice] = api.call("smart.field.choice", "search_read",
                        domain=[("smart_field_id.name", "=", rank["name"]), ("label", "=", "ゴールド")],
                        fields=["id", "value"])
    [partner_id] = api.call("res.partner", "create", vals_list=[{
        "name": "API 次郎", rank["name"]: choice["id"], phone["name"]: "090-1234-5678"}])
    try:
        for _ in range(ROUNDS // 2):
            [read] = api.call("res.partner", "read", ids=[partner_id], fields=[rank["name"], phone["name"]])
            assert read[rank["name"]][0] == choice["id"]
            assert read[phone["name"]] == "+819012345678"
            refused = api.call("res.partner", "write", ids=[partner_id], vals={phone["name"]: "12"},
                               expect_error=True)
            assert refused.status_code == 422, refused.text
            assert "not a valid phone number" in refused.json()["message"]
    finally:
        api.call("res.partner", "unlink", ids=[partner_id])


def test_deleted_field_disappears_everywhere(api):
    _warm_up(api)
    [field_id] = api.call("smart.field", "create", vals_list=[{"label": "API 一時項目", "field_type": "integer"}])
    [record] = api.call("smart.field", "read", ids=[field_id], fields=["name"])
    assert record["name"] in api.call("res.partner", "fields_get", attributes=["string"])
    api.call("smart.field", "unlink", ids=[field_id])
    for _ in range(ROUNDS):
        assert record["name"] not in api.call("res.partner", "fields_get", attributes=["string"])


def test_phone_downloads_over_the_api(api, smart_fields):
    """Downloads write phone numbers as the screens show them; ``phone_e164``
    adds the stored numbers as a column of their own."""
    phone = smart_fields(label="API 連絡先", field_type="phone")
    [partner_id] = api.call("res.partner", "create", vals_list=[{"name": "API 三郎", phone["name"]: "09087654321"}])
    try:
        for phone_e164, expected in ((False, [["API 連絡先"], ["090-8765-4321"]]),
                                     (True, [["API 連絡先", "API 連絡先 (E.164)"], ["090-8765-4321", "'+819087654321"]])):
            content = api.call("smart.data.io", "export_csv", model_name="res.partner", record_ids=[partner_id],
                               field_names=[phone["name"]], phone_e164=phone_e164)
            assert list(csv.reader(io.StringIO(base64.b64decode(content).decode("utf-8-sig")))) == expected
    finally:
        api.call("res.partner", "unlink", ids=[partner_id])
