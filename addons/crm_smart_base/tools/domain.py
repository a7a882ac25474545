"""Filters that users write with Odoo's domain editor, read the same way everywhere.

The domain editor saves a filter as the text of a Python list, with dates
relative to today when the user picks them (``context_today() -
relativedelta(days=60)``). Every Smart CRM filter (segments, mailing lists,
step mails, survey invitations, campaigns, coupons, downloads, cross-tabs,
draws) is read by :func:`parse_domain`, so a filter that works in one place
works in all of them.
"""
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time


def parse_domain(env, text):
    """The filter saved in ``text`` as a :class:`~odoo.fields.Domain` (an empty
    text is every record). Raises a ``UserError`` when the text is not a list
    of conditions, and whatever ``safe_eval`` raises
    (``SyntaxError``, ``NameError``, ``ValueError``) when it is not a valid
    expression; callers say whose filter it is."""
    value = safe_eval(text or "[]", {
        "context_today": lambda: fields.Date.context_today(env.user),
        "relativedelta": relativedelta,
        "datetime": safe_datetime,
        "time": safe_time,
        "uid": env.uid,
    })
    if not isinstance(value, (list, tuple)):
        raise UserError(env._("Conditions must be a list of conditions."))
    return Domain(value)
