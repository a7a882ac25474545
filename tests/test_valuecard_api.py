"""Value cards over Odoo's JSON-2 API, against a multi-worker server: the
operations a terminal or a shop system calls, their retries and their errors."""
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Json2, odoo_shell

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _ref(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def program(api):
    [program_id] = api.call("valuecard.program", "create", vals_list=[{
        "name": "API テストカード", "number_prefix": "APT", "bonus_validity_days": 180,
        "points_validity_days": 365, "point_rate_amount": 100, "point_value": 1,
    }])
    api.call("valuecard.rule", "create", vals_list=[{
        "program_id": program_id, "name": "1万円で千円", "min_amount": 10000, "bonus_fixed": 1000}])
    return program_id


@pytest.fixture
def new_card(api, program):
    def create(**vals):
        [partner_id] = api.call("res.partner", "create", vals_list=[{"name": "API カード会員"}])
        [card_id] = api.call("valuecard.card", "create", vals_list=[{
            "program_id": program, "partner_id": partner_id, **vals}])
        return card_id
    return create


def _entries(api, card_id):
    return api.call("valuecard.entry", "search_read", domain=[("card_id", "=", card_id)],
                    fields=["kind", "amount_paid", "amount_bonus", "points", "reference", "reversed_entry_id"],
                    order="sequence")


def _balances(api, card_id):
    [card] = api.call("valuecard.card", "read", ids=[card_id], fields=["balance_paid", "balance_bonus", "points"])
    return card["balance_paid"], card["balance_bonus"], card["points"]


def test_charge_pay_refund_and_points(api, new_card):
    card = new_card()
    charged = api.call("valuecard.card", "charge", ids=[card], amount=10000, reference="R-0001", terminal="渋谷店 1")
    assert (charged["balance_paid"], charged["balance_bonus"], charged["points"]) == (10000, 1000, 0)
    assert charged["card_id"] == card and charged["reference"] == "R-0001" and charged["replayed"] is False
    assert len(charged["entry_ids"]) == 2

    paid = api.call("valuecard.card", "pay", ids=[card], amount=1500, reference="R-0002")
    assert (paid["balance_paid"], paid["balance_bonus"]) == (9500, 0)   # expiring bonus first
    earned = api.call("valuecard.card", "earn_points", ids=[card], amount_spent=1500, reference="R-0002P")
    assert earned["points"] == 15
    redeemed = api.call("valuecard.card", "redeem_points", ids=[card], points=5, reference="R-0003")
    assert redeemed["points"] == 10
    converted = api.call("valuecard.card", "convert_points", ids=[card], points=10, reference="R-0004")
    assert (converted["balance_bonus"], converted["points"]) == (10, 0)

    refunded = api.call("valuecard.card", "refund", ids=[card], reference="R-0002")
    assert refunded["reference"] == "refund:R-0002"
    assert (refunded["balance_paid"], refunded["balance_bonus"]) == (10000, 1010)
    assert _balances(api, card) == (10000, 1010, 0)

    entries = _entries(api, card)
    kinds = [entry["kind"] for entry in entries]
    assert kinds[:2] == ["charge", "bonus"] and kinds.count("refund") == len(paid["entry_ids"])
    reversed_ids = {entry["reversed_entry_id"][0] for entry in entries if entry["kind"] == "refund"}
    assert reversed_ids == set(paid["entry_ids"])
    assert api.call("valuecard.card", "check_integrity", card_ids=[card]) == []
    lots = api.call("valuecard.balance.report", "search_read", domain=[("card_id", "=", card)],
                    fields=["bucket", "balance_paid", "balance_bonus", "points"])
    assert sum(lot["balance_paid"] for lot in lots) == 10000
    assert sum(lot["balance_bonus"] for lot in lots) == 1010


def test_retry_with_the_same_reference_posts_once(api, new_card):
    card = new_card()
    api.call("valuecard.card", "charge", ids=[card], amount=5000, reference="RETRY-C")
    first = api.call("valuecard.card", "pay", ids=[card], amount=1200, reference="RETRY-P")
    again = api.call("valuecard.card", "pay", ids=[card], amount=1200, reference="RETRY-P")
    assert again["replayed"] is True and first["replayed"] is False
    assert again["entry_ids"] == first["entry_ids"]
    assert _balances(api, card) == (3800, 0, 0)

    # a terminal that timed out resends the same payment on several connections at once
    reference = _ref("BURST")

    def send(_):
        client = Json2(api.url, api.db, api.key)
        return client.call("valuecard.card", "pay", ids=[card], amount=300, reference=reference)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(send, range(6)))
    assert sum(not result["replayed"] for result in results) == 1
    assert len({tuple(result["entry_ids"]) for result in results}) == 1
    assert _balances(api, card) == (3500, 0, 0)
    assert [entry["reference"] for entry in _entries(api, card)].count(reference) == 1

    # the same reference for a different operation is refused
    res = api.call("valuecard.card", "pay", ids=[card], amount=999, reference="RETRY-P", expect_error=True)
    assert res.status_code == 422, res.text
    assert _balances(api, card) == (3500, 0, 0)


@pytest.mark.parametrize("method,kwargs", [
    ("charge", {"amount": 0}),
    ("charge", {"amount": -1000}),
    ("charge", {"amount": 1000.5}),
    ("charge", {"amount": "1000"}),
    ("charge", {"amount": 10_000_000}),          # above the company's maximum charge
    ("pay", {"amount": 0}),
    ("pay", {"amount": 99_999}),                 # more than the card holds
    ("redeem_points", {"points": 5}),            # the card has no points
    ("refund", {}),                              # nothing was posted with that reference
])
def test_bad_input_is_a_translated_json_error(api, new_card, method, kwargs):
    card = new_card()
    api.call("valuecard.card", "charge", ids=[card], amount=2000, reference="BAD-SETUP")
    before = _entries(api, card)
    res = api.call("valuecard.card", method, ids=[card], reference=_ref("BAD"), expect_error=True,
                   context={"lang": "ja_JP"}, **kwargs)
    assert res.status_code == 422, res.text
    error = res.json()
    assert error["name"] in ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError")
    assert JAPANESE.search(error["message"]), f"untranslated error: {error['message']}"
    assert _entries(api, card) == before
    # the same error in English for an English-speaking caller
    res = api.call("valuecard.card", method, ids=[card], reference=_ref("BAD"), expect_error=True,
                   context={"lang": "en_US"}, **kwargs)
    assert res.status_code == 422 and not JAPANESE.search(res.json()["message"])


def test_unknown_and_suspended_cards_are_refused(api, new_card):
    res = api.call("valuecard.card", "lookup", code="APT0000000000", expect_error=True, context={"lang": "ja_JP"})
    assert res.status_code == 422 and JAPANESE.search(res.json()["message"])
    res = api.call("valuecard.card", "charge", ids=[987654321], amount=1000, reference=_ref("GONE"),
                   expect_error=True)
    assert res.status_code in (403, 404, 422), res.text

    card = new_card()
    [number] = api.call("valuecard.card", "read", ids=[card], fields=["number"])
    assert api.call("valuecard.card", "lookup", code=number["number"]) == [card]
    api.call("valuecard.card", "charge", ids=[card], amount=3000, reference="SUSP-1")
    api.call("valuecard.card", "action_suspend", ids=[card])
    res = api.call("valuecard.card", "pay", ids=[card], amount=100, reference="SUSP-2", expect_error=True,
                   context={"lang": "ja_JP"})
    assert res.status_code == 422 and JAPANESE.search(res.json()["message"])
    assert _balances(api, card) == (3000, 0, 0)


@pytest.fixture(scope="module")
def terminal(api):
    login = _ref("terminal")
    out = odoo_shell(
        "import datetime\n"
        "expiry = datetime.datetime.now() + datetime.timedelta(hours=12)\n"
        "user = env['res.users'].create({"
        f"'name': 'レジ端末 1', 'login': '{login}', "
        "'group_ids': [(6, 0, [env.ref('crm_valuecard.group_valuecard_terminal').id])]})\n"
        "key = env['res.users.apikeys'].with_user(user)._generate('rpc', 'terminal', expiry)\n"
        "env.cr.commit()\n"
        "print('APIKEY=' + key)\n"
    )
    key = next(line.split("=", 1)[1].strip() for line in out.splitlines() if line.startswith("APIKEY="))
    return Json2(api.url, api.db, key)


def test_terminal_runs_operations_only(api, terminal, new_card, program):
    card = new_card()
    [number] = api.call("valuecard.card", "read", ids=[card], fields=["number"])
    assert terminal.call("valuecard.card", "lookup", code=number["number"]) == [card]
    assert terminal.call("valuecard.card", "charge", ids=[card], amount=3000, reference="T-1")["balance_paid"] == 3000
    assert terminal.call("valuecard.card", "pay", ids=[card], amount=1000, reference="T-2")["balance_paid"] == 2000
    assert terminal.call("valuecard.card", "refund", ids=[card], reference="T-2")["balance_paid"] == 3000

    refused = [
        terminal.call("valuecard.card", "adjust", ids=[card], amount_paid=500, reason="テスト", reference="T-3",
                      expect_error=True),
        terminal.call("valuecard.card", "write", ids=[card], vals={"max_balance": 10_000_000}, expect_error=True),
        terminal.call("valuecard.card", "action_suspend", ids=[card], expect_error=True),
        terminal.call("valuecard.program", "write", ids=[program], vals={"point_value": 100}, expect_error=True),
        terminal.call("valuecard.rule", "create", vals_list=[{"program_id": program, "name": "不正",
                                                              "min_amount": 1, "bonus_percent": 100}],
                      expect_error=True),
        terminal.call("valuecard.balance.report", "search_read", domain=[], fields=["balance_paid"],
                      expect_error=True),
        terminal.call("valuecard.card", "check_integrity", expect_error=True),
    ]
    # a limit is a workflow field: refused with the fields named (422); the rest is access (403)
    assert [res.status_code for res in refused] == [403, 422] + [403] * (len(refused) - 2), \
        [res.text[:300] for res in refused]
    assert _balances(api, card) == (3000, 0, 0)
    [read] = api.call("valuecard.card", "read", ids=[card], fields=["max_balance", "state"])
    assert read["state"] == "active" and read["max_balance"] == 0
