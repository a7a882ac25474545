"""Postings made in batches (a campaign's grants, the nightly expiry) while
counter terminals keep paying with the same cards, against a multi-worker
server: a card busy at a register is waited for, never skipped, and every
card is granted or expired exactly once."""
import contextlib
import threading
import time
import uuid

import pytest
from conftest import Json2, charged_card, odoo_shell, paying_terminal, valuecard_program

PRICE = 100
CARDS = 12
OPENING = 20_000
GRANT = 500
LAPSING = 700


@pytest.fixture(scope="module")
def program_id(api):
    return valuecard_program(api, "一括記帳テスト", "BP")


@contextlib.contextmanager
def _paying(odoo_url, db_name, api_key, card_ids, threads=4):
    """Terminals paying PRICE in turn with ``card_ids`` while the block runs;
    yields the list of ``(card_id, outcome, result)`` they get."""
    stop, outcomes = threading.Event(), []

    def work(terminal, offset):
        index = offset
        while not stop.is_set():
            card_id = card_ids[index % len(card_ids)]
            outcomes.append((card_id, *terminal(card_id, f"batch-{uuid.uuid4().hex[:16]}")))
            index += 1

    workers = [threading.Thread(target=work, args=(
        paying_terminal(Json2(odoo_url, db_name, api_key), PRICE, "一括記帳テスト"), n), daemon=True)
        for n in range(threads)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # the terminals are busy before the batch starts
    try:
        yield outcomes
    finally:
        time.sleep(0.3)
        stop.set()
        for worker in workers:
            worker.join(timeout=60)


def _paid(outcomes, card_id):
    return sum(1 for card, outcome, _result in outcomes if card == card_id and outcome == "paid")


def _card_balances(api, card_ids):
    return {card["id"]: card["balance_paid"] + card["balance_bonus"] for card in api.call(
        "valuecard.card", "read", ids=card_ids, fields=["balance_paid", "balance_bonus"])}


def test_campaign_grants_every_busy_card_once(api, program_id, odoo_url, db_name, api_key):
    """A campaign granted while terminals pay with its cards grants each card
    once: none is left out as "not granted" because a payment changed it."""
    card_ids = [charged_card(api, program_id, OPENING) for _ in range(CARDS)]
    [campaign_id] = api.call("valuecard.campaign", "create", vals_list=[{
        "name": "一括記帳テスト 感謝祭", "program_id": program_id, "amount": GRANT,
        "domain": repr([("id", "in", card_ids)]),
    }])
    with _paying(odoo_url, db_name, api_key, card_ids) as outcomes:
        api.call("valuecard.campaign", "action_grant", ids=[campaign_id])
    assert any(outcome == "paid" for _card, outcome, _result in outcomes)
    [campaign] = api.call("valuecard.campaign", "read", ids=[campaign_id], fields=["state", "granted_card_count"])
    assert (campaign["state"], campaign["granted_card_count"]) == ("done", CARDS)
    grants = api.call("valuecard.entry", "search_read", domain=[("campaign_id", "=", campaign_id)],
                      fields=["card_id", "amount_bonus"])
    assert sorted(entry["card_id"][0] for entry in grants) == sorted(card_ids)
    assert all(entry["amount_bonus"] == GRANT for entry in grants)
    not_granted = api.call("mail.message", "search_count", domain=[
        ("model", "=", "valuecard.campaign"), ("res_id", "=", campaign_id), ("body", "ilike", "Not granted")])
    assert not_granted == 0
    balances = _card_balances(api, card_ids)
    for card_id in card_ids:
        assert balances[card_id] == OPENING + GRANT - PRICE * _paid(outcomes, card_id)
    assert api.call("valuecard.card", "check_integrity", card_ids=card_ids) == []


def test_nightly_expiry_expires_busy_cards(api, program_id, odoo_url, db_name, api_key):
    """The nightly expiry, run while terminals pay with the cards it expires,
    expires each card's lapsed value exactly once (each card in a transaction
    of its own, begun at its lock)."""
    card_ids = [charged_card(api, program_id, OPENING) for _ in range(CARDS)]
    lapsed = {card_id: _lapsing_lot(api, card_id) for card_id in card_ids}
    # value whose date has passed (charged paid value never lapses: the date is set directly)
    odoo_shell(
        f"lots = env['valuecard.lot'].browse({sorted(lapsed.values())})\n"
        "env.cr.execute('UPDATE valuecard_lot SET expiry_date = CURRENT_DATE - 2 WHERE id IN %s', "
        "[tuple(lots.ids)])\n"
        "env.cr.commit()\n")
    with _paying(odoo_url, db_name, api_key, card_ids) as outcomes:
        odoo_shell("env['valuecard.card']._cron_expire()\nenv.cr.commit()\n")
    assert any(outcome == "paid" for _card, outcome, _result in outcomes)
    expiries = api.call("valuecard.entry", "search_read", domain=[("card_id", "in", card_ids),
                                                                   ("kind", "=", "expiry")],
                        fields=["card_id", "amount_paid", "lot_id"])
    assert sorted(entry["card_id"][0] for entry in expiries) == sorted(card_ids)
    assert all(entry["amount_paid"] == -LAPSING for entry in expiries)
    assert {entry["lot_id"][0] for entry in expiries} == set(lapsed.values())
    balances = _card_balances(api, card_ids)
    for card_id in card_ids:
        assert balances[card_id] == OPENING - PRICE * _paid(outcomes, card_id)


def _lapsing_lot(api, card_id):
    """A second paid lot of LAPSING yen on the card; returns its id."""
    api.call("valuecard.card", "charge", ids=[card_id], amount=LAPSING, reference=f"lapse-{uuid.uuid4().hex}")
    [lot] = api.call("valuecard.lot", "search_read", domain=[("card_id", "=", card_id)], fields=["id"],
                     order="id desc", limit=1)
    return lot["id"]
