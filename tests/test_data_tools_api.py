"""Smart CRM data tools over Odoo's JSON-2 API."""


def test_crosstab_over_json2(api):
    data = api.call("smart.data.io", "crosstab", model_name="res.partner", row_field="country_id",
                    col_field="is_company", domain=[("country_id.code", "=", "JP")])
    assert data["rows"] == ["Japan"]
    assert set(data["cols"]) == {"Yes", "No"}
    japan = data["cells"]["Japan"]
    assert japan["Yes"] + japan["No"] == data["total"] == data["row_totals"]["Japan"]
    assert data["total"] >= 7, "the Japanese demo customers"


def test_prize_draw_over_json2(api):
    model_id = api.call("ir.model", "search", domain=[("model", "=", "res.partner")])[0]
    [draw_id] = api.call("smart.draw", "create", vals_list=[{
        "name": "API抽選", "model_id": model_id, "winner_count": 3,
        "domain": "[('country_id.code', '=', 'JP')]"}])
    refused = api.call("smart.draw", "action_draw", expect_error=True, ids=[draw_id], seed="20261123")
    assert refused.status_code == 422 and "secure random source" in refused.json()["message"], refused.text
    refused = api.call("smart.draw", "write", expect_error=True, ids=[draw_id], vals={"seed": "20261123"})
    assert refused.status_code == 422 and "cannot be set" in refused.json()["message"], refused.text
    api.call("smart.draw", "action_draw", ids=[draw_id])
    [draw] = api.call("smart.draw", "read", ids=[draw_id], fields=["seed", "state", "winner_ids", "candidate_count"])
    assert draw["state"] == "done" and draw["seed"].isdigit() and draw["seed"] != "20261123"
    assert len(draw["winner_ids"]) == 3
    check = api.call("smart.draw", "check_reproduction", ids=[draw_id])
    assert check["identical"] and check["same_data"]
