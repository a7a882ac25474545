"""Two Odoo servers on one database, as behind a proxy: the server ./smartcrm
test starts (two workers) and a second one this module starts (two workers).
Each sees at once the custom fields and databases the other creates (Odoo's
registry signalling in the database), and payments sent to both never spend
a yen twice nor post a reference twice (the ledger's card lock)."""
import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Json2, paying_terminal

from tools.smartcrm.serving import odoo_server

PRICE = 100
ROUNDS = 6  # requests per server: they land on both workers of each


@pytest.fixture(scope="module")
def second_url(db_name, tmp_path_factory):
    """A second server (two workers, no cron) on the test database."""
    value = os.environ.get("SMARTCRM_ODOO_CMD")
    if not value:
        pytest.fail("SMARTCRM_ODOO_CMD is not set: run the suite tests through ./smartcrm test", pytrace=False)
    with open(tmp_path_factory.mktemp("second") / "server.log", "w") as log, \
            odoo_server(value.split("\x1f"), db_name, log, timeout=180) as (_server, url):
        yield url


@pytest.fixture(scope="module")
def other(second_url, db_name, api_key):
    client = Json2(second_url, db_name, api_key)
    for _ in range(ROUNDS):  # every worker of the second server has loaded its registry
        client.call("res.partner", "search_count", domain=[])
    return client


def test_new_custom_field_is_seen_by_the_other_server(api, other):
    name = f"x_two_servers_{uuid.uuid4().hex[:6]}"
    [field_id] = api.call("smart.field", "create", vals_list=[{"label": "二台目確認", "name": name,
                                                                "field_type": "integer"}])
    try:
        [partner_id] = other.call("res.partner", "create", vals_list=[{"name": "二台構成 顧客", name: 7}])
        for _ in range(ROUNDS):
            assert name in other.call("res.partner", "fields_get", attributes=["string"])
            assert other.call("res.partner", "search", domain=[(name, "=", 7)]) == [partner_id]
        # and back: a value written through the second server, read through the first
        other.call("res.partner", "write", ids=[partner_id], vals={name: 8})
        for _ in range(ROUNDS):
            assert api.call("res.partner", "read", ids=[partner_id], fields=[name])[0][name] == 8
        api.call("res.partner", "unlink", ids=[partner_id])
    finally:
        api.call("smart.field", "unlink", ids=[field_id])
    for _ in range(ROUNDS):
        assert name not in other.call("res.partner", "fields_get", attributes=["string"])


def test_new_database_is_usable_on_the_other_server(api, other):
    [db_id] = other.call("smart.database", "create", vals_list=[{"name": "二台構成 備品", "partner_link": False}])
    [database] = other.call("smart.database", "read", ids=[db_id], fields=["model"])
    try:
        created = [api.call(database["model"], "create", vals_list=[{"x_name": f"機器 {i}"}])[0]
                   for i in range(ROUNDS)]
        for _ in range(ROUNDS):
            found = other.call(database["model"], "search", domain=[("x_name", "like", "機器")])
            assert sorted(found) == sorted(created)
    finally:
        api.call("smart.database", "unlink", ids=[db_id])


def _card(api, payments):
    [program_id] = api.call("valuecard.program", "create", vals_list=[{
        "name": "二台構成テスト", "number_prefix": "TS", "bonus_validity_days": 0}])
    [card_id] = api.call("valuecard.card", "create", vals_list=[{"program_id": program_id}])
    api.call("valuecard.card", "charge", ids=[card_id], amount=PRICE * payments,
             reference=f"charge-{uuid.uuid4().hex}")
    return card_id


def test_payments_through_both_servers_never_double_post(api, other, odoo_url, db_name, api_key):
    affordable, attempted = 12, 32
    card = _card(api, affordable)
    terminals = [paying_terminal(Json2(url, db_name, api_key), PRICE, "二台構成")
                 for _ in range(8) for url in (odoo_url, other.url)]
    # every reference is sent twice at the same time: to an even terminal (the
    # first server) and to the odd one after it (the second server)
    references = [f"two-{uuid.uuid4().hex[:8]}-{i}" for i in range(attempted)]
    jobs = [(terminals[(2 * i + side) % len(terminals)], references[i])
            for i in range(attempted) for side in (0, 1)]
    with ThreadPoolExecutor(len(terminals)) as pool:
        results = list(pool.map(lambda job: job[0](card, job[1]), jobs))
    posted = {res["reference"]: res for outcome, res in results if outcome == "paid" and not res["replayed"]}
    replays = [res for outcome, res in results if outcome == "paid" and res["replayed"]]
    assert len(posted) == affordable, results
    for replay in replays:
        assert replay["entry_ids"] == posted[replay["reference"]]["entry_ids"]
    [card_values] = api.call("valuecard.card", "read", ids=[card], fields=["balance_paid"])
    assert card_values["balance_paid"] == 0
    entries = other.call("valuecard.entry", "search_read", domain=[("card_id", "=", card), ("kind", "=", "payment")],
                         fields=["reference"])
    assert sorted(e["reference"] for e in entries) == sorted(posted)
    assert other.call("valuecard.card", "check_integrity", card_ids=[card]) == []
