from odoo.exceptions import ValidationError
from odoo.tools import formatLang

# Bounds of the ledger's values. Points and lot amounts are 32-bit integer
# columns (at most 2,147,483,647): an amount or a number of points given to
# one operation or setting is at most MAX_AMOUNT, and no balance of a card
# goes above MAX_BALANCE, so no lot, balance or sum of them can overflow.
MAX_AMOUNT = 1_000_000_000
MAX_BALANCE = 2_000_000_000


def check_whole_yen(env, vals, names):
    """Refuse fractional yen in ``vals`` before Monetary fields round them away,
    and amounts above ``MAX_AMOUNT``."""
    for name in names:
        value = vals.get(name)
        if isinstance(value, float) and value != int(value):
            raise ValidationError(env._("Amounts are whole yen, without decimals (%(value)s).", value=value))
        if isinstance(value, (int, float)) and abs(value) > MAX_AMOUNT:
            raise ValidationError(env._("Amounts and points are at most %(limit)s (%(value)s).",
                                        limit=formatLang(env, MAX_AMOUNT, digits=0), value=value))
