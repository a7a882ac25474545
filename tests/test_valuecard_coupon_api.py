"""Coupons over Odoo's JSON-2 API: a shop system issues nothing, it pays with
the customer's card and coupon (``pay_with_coupon``), retries with the same
reference, and gets translated refusals that write nothing."""
import datetime
import uuid

import pytest
from conftest import assert_refused


def _ref(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def holder(api):
    """A card holding ¥5,000 and a ¥500 coupon (from ¥2,000) of its customer: (card id, coupon id, code)."""
    [program_id] = api.call("valuecard.program", "search", domain=[], limit=1)
    [partner_id] = api.call("res.partner", "create", vals_list=[{"name": "API クーポン会員"}])
    [card_id] = api.call("valuecard.card", "create", vals_list=[{"program_id": program_id, "partner_id": partner_id}])
    api.call("valuecard.card", "charge", ids=[card_id], amount=5000, reference=_ref("CPN-C"))
    until = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    [coupon_id] = api.call("valuecard.coupon", "create", vals_list=[{
        "name": "API クーポン", "partner_id": partner_id, "discount_type": "fixed", "discount_value": 500,
        "min_amount": 2000, "date_to": until}])
    [coupon] = api.call("valuecard.coupon", "read", ids=[coupon_id], fields=["code"])
    return card_id, coupon_id, coupon["code"]


def _balance(api, card_id):
    [card] = api.call("valuecard.card", "read", ids=[card_id], fields=["balance_paid", "balance_bonus"])
    return card["balance_paid"] + card["balance_bonus"]


def test_pay_with_a_coupon_once(api, holder):
    card_id, coupon_id, code = holder
    start = _balance(api, card_id)
    preview = api.call("valuecard.card", "counter_coupon_preview", ids=[card_id], coupon_code=code.lower(),
                       amount=3000)
    assert (preview["discount_amount"], preview["amount_to_pay"]) == (500, 2500)
    reference = _ref("CPN-P")
    paid = api.call("valuecard.card", "pay_with_coupon", ids=[card_id], amount=3000, coupon_code=code,
                    reference=reference, terminal="API レジ")
    assert (paid["purchase_amount"], paid["discount_amount"], paid["replayed"]) == (3000, 500, False)
    assert _balance(api, card_id) == start - 2500
    # a retry of the terminal replays
    again = api.call("valuecard.card", "pay_with_coupon", ids=[card_id], amount=3000, coupon_code=code,
                     reference=reference)
    assert again["replayed"] is True and again["entry_ids"] == paid["entry_ids"]
    [coupon] = api.call("valuecard.coupon", "read", ids=[coupon_id],
                        fields=["state", "redeemed_entry_id", "discount_amount"])
    assert (coupon["state"], coupon["redeemed_entry_id"][0], coupon["discount_amount"]) == (
        "redeemed", paid["entry_ids"][0], 500)
    [entry] = api.call("valuecard.entry", "read", ids=[paid["entry_ids"][0]], fields=["coupon_ids", "amount_paid"])
    assert entry["coupon_ids"] == [coupon_id]
    # a second use is refused, in Japanese for a Japanese caller, and writes nothing
    res = api.call("valuecard.card", "pay_with_coupon", ids=[card_id], amount=3000, coupon_code=code,
                   reference=_ref("CPN-P"), expect_error=True, context={"lang": "ja_JP"})
    assert_refused(res, code, "使用済み", japanese=True)
    assert _balance(api, card_id) == start - 2500


@pytest.mark.parametrize("amount,fragment", [(1999, "2,000"), (3000.5, "decimals")])
def test_bad_purchase_is_refused(api, holder, amount, fragment):
    card_id, coupon_id, code = holder
    start = _balance(api, card_id)
    res = api.call("valuecard.card", "pay_with_coupon", ids=[card_id], amount=amount, coupon_code=code,
                   reference=_ref("CPN-B"), expect_error=True, context={"lang": "en_US"})
    assert_refused(res, fragment)
    assert _balance(api, card_id) == start
    [coupon] = api.call("valuecard.coupon", "read", ids=[coupon_id], fields=["state"])
    assert coupon["state"] == "valid"
