"""Smart CRM databases over Odoo's JSON-2 API, against a multi-worker server."""


def test_demo_databases_are_models_of_the_api(api):
    databases = api.call("smart.database", "search_read", domain=[], fields=["name", "model", "record_count"])
    by_name = {d["name"]: d for d in databases}
    assert {"イベント参加者", "来店記録"} <= set(by_name)
    visits = by_name["来店記録"]
    assert visits["record_count"] >= 300
    rows = api.call(visits["model"], "search_read", domain=[], fields=["x_name", "x_partner_id"], limit=3)
    assert len(rows) == 3 and all(row["x_name"] for row in rows)


def test_database_created_over_the_api_is_usable_by_every_worker(api):
    [db_id] = api.call("smart.database", "create", vals_list=[{"name": "API備品", "partner_link": False}])
    [database] = api.call("smart.database", "read", ids=[db_id], fields=["model", "model_id"])
    model, model_id = database["model"], database["model_id"][0]
    api.call("smart.field", "create", vals_list=[{"label": "シリアル番号", "name": "x_serial",
                                                  "field_type": "char", "model_id": model_id}])
    # successive requests land on both workers: each must know the new model and field
    created = [api.call(model, "create", vals_list=[{"x_name": f"PC {i}", "x_serial": f"SN{i}"}])[0]
               for i in range(6)]
    for _ in range(6):
        found = api.call(model, "search_read", domain=[("x_serial", "like", "SN")], fields=["x_serial"])
        assert sorted(r["id"] for r in found) == sorted(created)
    api.call("smart.database", "unlink", ids=[db_id])
