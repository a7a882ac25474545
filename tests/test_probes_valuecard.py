"""Value cards probed over JSON-2 as a shop terminal and a manager would try to bend them:
limits and dates set by managers only and never above the company's, references of the
system's own postings kept for it, bounded amounts and inputs, member codes that stop
working once renewed, receipts that open no card, and ledger anchors nobody may forge.
Every refusal is a 422 with a message that says what was refused (403 for access), and
leaves the card as it was."""
import datetime
import uuid

import pytest
from conftest import Json2, assert_refused, odoo_shell, shell_world

CARD = "valuecard.card"


@pytest.fixture(scope="module")
def world(api):
    """A program, a terminal user and a manager with API keys, and two charged cards."""
    tag = uuid.uuid4().hex[:8]
    prefix = "".join(chr(ord("A") + int(digit, 16)) for digit in tag[:3])  # card prefixes are letters only
    world = shell_world(
        "import datetime, json\n"
        "expiry = datetime.datetime.now() + datetime.timedelta(hours=12)\n"
        "def user(name, login, group):\n"
        "    return env['res.users'].create({'name': name, 'login': login,\n"
        "                                    'group_ids': [(6, 0, [env.ref(group).id])]})\n"
        f"terminal = user('プローブ 端末', 'probe-terminal-{tag}', 'crm_valuecard.group_valuecard_terminal')\n"
        f"manager = user('プローブ 店長', 'probe-manager-{tag}', 'crm_smart_base.group_smart_manager')\n"
        f"program = env['valuecard.program'].create({{'name': 'プローブカード', 'number_prefix': 'PRB{prefix}',\n"
        "    'bonus_validity_days': 180, 'points_validity_days': 365, 'point_rate_amount': 100, 'point_value': 1})\n"
        "cards = env['valuecard.card'].create([{'program_id': program.id}, {'program_id': program.id}])\n"
        "for card in cards:\n"
        "    card.charge(amount=3000, reference='PROBE-SETUP')\n"
        "keys = {name: env['res.users.apikeys'].with_user(u)._generate('rpc', 'probe', expiry)\n"
        "        for name, u in (('terminal', terminal), ('manager', manager))}\n"
        "codes = {'member': cards[1]._get_member_token(), 'receipt': cards[1].entry_ids[:1].receipt_code}\n"
        "env.cr.commit()\n"
        "print('WORLD=' + json.dumps({'program': program.id, 'cards': cards.ids, 'keys': keys, 'codes': codes}))\n"
    )
    world["as_terminal"] = Json2(api.url, api.db, world["keys"]["terminal"])
    world["as_manager"] = Json2(api.url, api.db, world["keys"]["manager"])
    return world


def _refused(res, *fragments):
    return assert_refused(res, *fragments)


def _call(client, model, method, lang="en_US", **params):
    return client.call(model, method, expect_error=True, context={"lang": lang}, **params)


def _state(api, card_ids):
    """What a refused operation must leave as it was: the cards and their ledgers."""
    cards = api.call(CARD, "read", ids=card_ids, fields=[
        "balance_paid", "balance_bonus", "points", "max_charge", "max_balance", "max_charge_per_day",
        "expiry_date", "ledger_sequence"])
    entries = api.call("valuecard.entry", "search_count", domain=[("card_id", "in", card_ids)])
    return cards, entries


def _card_count(api, world):
    return api.call(CARD, "search_count", domain=[("program_id", "=", world["program"])])


@pytest.mark.parametrize("vals,label", [
    ({"max_charge": 5_000_000}, "Maximum Charge"),
    ({"max_balance": 10_000_000}, "Maximum Balance"),
    ({"max_charge_per_day": 5_000_000}, "Maximum Charge per Day"),
    ({"issue_date": "2000-01-01"}, "Issue Date"),
    ({"expiry_date": "2099-12-31"}, "Expiry Date"),
])
def test_terminal_cannot_issue_a_card_with_own_limits(api, world, vals, label):
    count = _card_count(api, world)
    _refused(_call(world["as_terminal"], CARD, "create", vals_list=[{"program_id": world["program"], **vals}]),
             "managers", label)
    assert_refused(_call(world["as_terminal"], CARD, "create", lang="ja_JP",
                         vals_list=[{"program_id": world["program"], **vals}]), japanese=True)
    assert _card_count(api, world) == count
    # a plain card is still issued, and keeps the company's limits
    [card] = world["as_terminal"].call(CARD, "create", vals_list=[{"program_id": world["program"]}])
    before = _state(api, [card])
    _refused(_call(world["as_terminal"], CARD, "charge", ids=[card], amount=5_000_000,
                   reference=f"BIG-{uuid.uuid4().hex[:8]}"), "may not exceed")
    assert _state(api, [card]) == before


def test_manager_cannot_raise_a_card_above_the_company(api, world):
    card = world["cards"][0]
    before = _state(api, [card])
    for vals in ({"max_charge": 5_000_000}, {"max_balance": 100_000_000}, {"max_charge_per_day": 50_000_000}):
        _refused(_call(world["as_manager"], CARD, "write", ids=[card], vals=vals), "company's limit")
    _refused(_call(world["as_manager"], CARD, "create",
                   vals_list=[{"program_id": world["program"], "max_charge": 5_000_000}]), "company's limit")
    assert _state(api, [card]) == before
    # tightening is the manager's to do
    assert world["as_manager"].call(CARD, "write", ids=[card], vals={"max_charge": 2000}) is True
    _refused(_call(world["as_terminal"], CARD, "charge", ids=[card], amount=2001,
                 reference=f"LIM-{uuid.uuid4().hex[:8]}"), "may not exceed ¥\u00a02,000")


@pytest.mark.parametrize("reference", [
    f"expiry:{datetime.date.today()}", f"expiry:{datetime.date.today() + datetime.timedelta(days=1)}",
    "campaign:1", "close:1", "transfer:A>B", "refund:PROBE-SETUP", "EXPIRY:2030-01-01",
])
def test_terminal_cannot_post_with_system_references(api, world, reference):
    cards = world["cards"]
    before = _state(api, cards)
    for method, kwargs in (("charge", {"amount": 1000}), ("pay", {"amount": 100}),
                           ("earn_points", {"amount_spent": 1000}), ("refund", {})):
        _refused(_call(world["as_terminal"], CARD, method, ids=[cards[0]], reference=reference, **kwargs),
                 "kept for the postings of the system")
    assert _state(api, cards) == before


@pytest.mark.parametrize("method,kwargs", [
    ("earn_points", {"amount_spent": 1e12}),
    ("earn_points", {"amount_spent": 214_748_364_700}),
    ("charge", {"amount": 1e12}),
    ("pay", {"amount": 3_000_000_000}),
    ("redeem_points", {"points": 2 ** 31}),
    ("convert_points", {"points": 1e15}),
])
def test_amounts_and_points_are_bounded(api, world, method, kwargs):
    cards = world["cards"]
    before = _state(api, cards)
    _refused(_call(world["as_terminal"], CARD, method, ids=[cards[1]], reference=f"OVR-{uuid.uuid4().hex[:8]}",
                   **kwargs), "at most 1,000,000,000")
    assert _state(api, cards) == before


def test_campaign_points_are_bounded(api, world):
    res = _call(api, "valuecard.campaign", "create", vals_list=[{
        "program_id": world["program"], "name": "オーバーフロー", "points": 214_748_364_700}])
    _refused(res, "at most 1,000,000,000")
    assert api.call("valuecard.campaign", "search_count", domain=[("program_id", "=", world["program"])]) == 0


def test_terminal_name_and_one_card_at_a_time(api, world):
    cards = world["cards"]
    before = _state(api, cards)
    _refused(_call(world["as_terminal"], CARD, "charge", ids=[cards[0]], amount=1000,
                   reference=f"TRM-{uuid.uuid4().hex[:8]}", terminal="x" * 100_000), "at most 64 characters")
    _refused(_call(world["as_terminal"], CARD, "pay", ids=cards, amount=100,
                   reference=f"TWO-{uuid.uuid4().hex[:8]}"), "one card at a time")
    _refused(_call(world["as_terminal"], CARD, "charge", ids=cards, amount=100,
                   reference=f"TWO-{uuid.uuid4().hex[:8]}"), "one card at a time")
    assert _state(api, cards) == before


def test_renewed_member_code_and_receipt_code_open_no_card(api, world):
    card, codes = world["cards"][1], world["codes"]
    terminal = world["as_terminal"]
    assert terminal.call(CARD, "counter_lookup", code=codes["member"])["id"] == card
    for method in ("lookup", "counter_lookup"):
        _refused(_call(terminal, CARD, method, code=codes["receipt"]), "code of a receipt")
    # the manager renews the code (as reporting the card lost does): the old one is dead at once
    assert world["as_manager"].call(CARD, "action_renew_member_code", ids=[card]) is True
    for method in ("lookup", "counter_lookup"):
        _refused(_call(terminal, CARD, method, code=codes["member"]), "No value card")
    # the terminal cannot renew it, nor read or write the secret it derives from
    assert _call(terminal, CARD, "action_renew_member_code", ids=[card]).status_code == 403
    res = _call(terminal, CARD, "read", ids=[card], fields=["member_nonce"])
    assert res.status_code in (403, 422), res.text
    _refused(_call(world["as_manager"], CARD, "write", ids=[card], vals={"member_nonce": "0" * 32}),
             "operations only")
    # staff check a receipt in the ledger; a forged code finds nothing
    entries = terminal.call("valuecard.entry", "search", domain=[("receipt_code", "=", codes["receipt"])])
    assert len(entries) == 1
    forged = codes["receipt"][:-4] + "0000"
    assert terminal.call("valuecard.entry", "search", domain=[("receipt_code", "=", forged)]) == []


@pytest.fixture(scope="module")
def anchor(world):
    """One ledger anchor, removed after the probes (an unsigned anchor would make every later
    ledger check of this database say that anchors are not configured)."""
    [anchor] = shell_world(
        "import json\n"
        f"program = env['valuecard.program'].browse({world['program']})\n"
        "anchors = env['valuecard.anchor']._anchor(program.company_id)\n"
        "env.cr.commit()\n"
        "print('WORLD=' + json.dumps(anchors.ids))\n"
    )
    yield anchor
    odoo_shell(f"env['valuecard.anchor'].browse({anchor}).unlink()\nenv.cr.commit()\n")


def test_nobody_creates_writes_or_deletes_anchors(api, world, anchor):
    terminal, manager = world["as_terminal"], world["as_manager"]
    assert _call(terminal, "valuecard.anchor", "read", ids=[anchor], fields=["digest"]).status_code == 403
    [read] = manager.call("valuecard.anchor", "read", ids=[anchor], fields=["digest", "signature", "card_count"])
    for client in (terminal, manager, api):
        res = _call(client, "valuecard.anchor", "create", vals_list=[{"company_id": 1, "state": "signed"}])
        assert res.status_code in (403, 422), res.text
        res = _call(client, "valuecard.anchor", "write", ids=[anchor], vals={"digest": "0" * 64})
        assert res.status_code in (403, 422), res.text
        res = _call(client, "valuecard.anchor", "unlink", ids=[anchor])
        assert res.status_code in (403, 422), res.text
    # only an administrator anchors on demand
    assert _call(manager, "valuecard.anchor", "action_anchor_now", ids=[]).status_code == 403
    assert _call(terminal, "valuecard.anchor", "action_anchor_now", ids=[]).status_code == 403
    assert manager.call("valuecard.anchor", "read", ids=[anchor], fields=["digest", "signature", "card_count"]) \
        == [read]
