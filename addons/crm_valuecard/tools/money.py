from odoo.exceptions import ValidationError


def check_whole_yen(env, vals, names):
    """Refuse fractional yen in ``vals`` before Monetary fields round them away."""
    for name in names:
        value = vals.get(name)
        if isinstance(value, float) and value != int(value):
            raise ValidationError(env._("Amounts are whole yen, without decimals (%(value)s).", value=value))
