"""Value card payments from many connections at once, against a multi-worker
server: the ledger never spends the same value twice and terminal retries
with the same reference post once."""
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Json2, charged_card, paying_terminal, valuecard_program

THREADS = 8
PRICE = 100
AFFORDABLE = 10  # the card of the retry test holds exactly this many payments


@pytest.fixture(scope="module")
def program_id(api):
    return valuecard_program(api, "同時接続テスト", "CC")


def _new_card(api, program_id, payments):
    """A card holding exactly ``payments`` payments of PRICE."""
    return charged_card(api, program_id, PRICE * payments)


@pytest.fixture
def card(api, program_id):
    return _new_card(api, program_id, AFFORDABLE)


def _terminal(odoo_url, db_name, api_key):
    return paying_terminal(Json2(odoo_url, db_name, api_key), PRICE, "同時接続テスト")


def _balances(api, card_id):
    [card] = api.call("valuecard.card", "read", ids=[card_id], fields=["balance_paid", "balance_bonus", "points"])
    return card["balance_paid"], card["balance_bonus"], card["points"]


@pytest.mark.parametrize(("threads", "affordable", "attempted"), [(8, 10, 24), (32, 20, 64)])
def test_parallel_payments_spend_each_yen_once(api, program_id, odoo_url, db_name, api_key,
                                               threads, affordable, attempted):
    """``threads`` connections fire ``attempted`` payments at one card holding
    exactly ``affordable`` of them: exactly ``affordable`` succeed, each once."""
    card = _new_card(api, program_id, affordable)
    references = [f"pay-{uuid.uuid4().hex[:8]}-{i}" for i in range(attempted)]
    terminals = [_terminal(odoo_url, db_name, api_key) for _ in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda i: terminals[i % threads](card, references[i]), range(attempted)))
    paid = [res for outcome, res in results if outcome == "paid"]
    refused = [res for outcome, res in results if outcome == "refused"]
    assert len(paid) == affordable, results
    assert len(refused) == attempted - affordable
    assert all("less than" in message for message in refused), refused
    assert sorted(res["balance_paid"] for res in paid) == [PRICE * i for i in range(affordable)]
    assert not any(res["replayed"] for res in paid)
    assert _balances(api, card) == (0, 0, 0)
    entries = api.call("valuecard.entry", "search_read", domain=[("card_id", "=", card)],
                       fields=["kind", "amount_paid", "reference"], order="sequence")
    payments = [e for e in entries if e["kind"] == "payment"]
    assert len(payments) == affordable and all(e["amount_paid"] == -PRICE for e in payments)
    assert {e["reference"] for e in payments} == {res["reference"] for res in paid}
    assert api.call("valuecard.card", "check_integrity", card_ids=[card]) == []
    [number] = api.call("valuecard.card", "read", ids=[card], fields=["number"])
    assert api.call("valuecard.card", "lookup", code=number["number"]) == [card]


def test_one_reference_retried_from_every_terminal_posts_once(api, card, odoo_url, db_name, api_key):
    reference = f"retry-{uuid.uuid4().hex[:8]}"
    terminals = [_terminal(odoo_url, db_name, api_key) for _ in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda pay: pay(card, reference), terminals))
    assert all(outcome == "paid" for outcome, _res in results), results
    answers = [res for _outcome, res in results]
    assert sum(not res["replayed"] for res in answers) == 1, answers
    assert len({tuple(res["entry_ids"]) for res in answers}) == 1, "every retry returns the first result"
    assert {res["balance_paid"] for res in answers} == {PRICE * (AFFORDABLE - 1)}
    assert _balances(api, card) == (PRICE * (AFFORDABLE - 1), 0, 0)
    assert api.call("valuecard.card", "check_integrity", card_ids=[card]) == []
