import io
from contextlib import contextmanager
from unittest.mock import patch

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.translate import trans_export


class SmartCrmCase(TransactionCase):
    """Shared fixtures: one user per Smart CRM role and a Japanese customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the superuser counts its days in the company's zone, as the test users do:
        # demo data gives it Brussels, a day ahead of UTC from 23:00 (22:00 in
        # summer), and "today" would depend on the hour the tests run
        cls.env.user.tz = False
        cls.company = cls.env.company
        cls.user_employee = new_test_user(cls.env, login="smart_employee", groups="base.group_user",
                                          name="Employee Sato")
        cls.user_smart = new_test_user(cls.env, login="smart_user", groups="crm_smart_base.group_smart_user",
                                       name="Rep Kato")
        cls.user_manager = new_test_user(cls.env, login="smart_manager",
                                         groups="crm_smart_base.group_smart_manager", name="Manager Mori")
        cls.user_admin = new_test_user(cls.env, login="smart_admin", groups="crm_smart_base.group_smart_admin",
                                       name="Admin Abe")
        cls.customer = cls.env["res.partner"].create({
            "name": "テスト 顧客",
            "email": "customer@example.jp",
            "country_id": cls.env.ref("base.jp").id,
        })


def untranslated_terms(env, module, lang_file="ja.po"):
    """Source terms of ``module`` that have no translation in its i18n/<lang_file>."""
    buffer = io.BytesIO()
    trans_export("ja_JP", [module], buffer, "po", env)
    exported = polib.pofile(buffer.getvalue().decode())
    shipped = polib.pofile(f"{get_module_path(module)}/i18n/{lang_file}")
    translated = {entry.msgid for entry in shipped if entry.msgstr and not entry.obsolete}
    return sorted({entry.msgid for entry in exported
                   if entry.msgid and entry.msgid not in translated and not _generated_only(entry)})


def _generated_only(entry):
    """Terms that only come from views generated at run time for custom fields and
    databases (their forms, and the customer's buttons opening them): their labels
    are the administrator's data, not the module's terms."""
    return all(".smart_field_view_x_" in source or source.endswith(".smart_database_partner_buttons")
               for source, _line in entry.occurrences)


def rpc_helpers(env, module):
    """``(model, method)`` of the model classes of ``module`` that RPC may call and that are
    neither ORM methods nor workflow buttons (``action_*``): such helpers belong behind ``_``
    or ``@api.private``."""
    orm_methods = {"create", "write", "unlink", "copy", "default_get"}
    found = set()
    for model_name, model_class in env.registry.items():
        for klass in model_class.mro():
            if not klass.__module__.startswith(f"odoo.addons.{module}."):
                continue
            for name, method in vars(klass).items():
                if (callable(method) and not name.startswith("_") and not getattr(method, "_api_private", False)
                        and name not in orm_methods and not name.startswith("action_")):
                    found.add((model_name, name))
    return sorted(found)


@contextmanager
def announced_customer_events(env):
    """Record the customer events (res.partner._smart_customer_event) announced
    inside the block, as a list of ``(event, customers)``: the recorder listens
    to every event, and the real listeners are not called."""
    events = []

    def record(partners, event):
        events.append((event, partners))
        return True

    Partner = type(env["res.partner"])
    with patch.object(Partner, "_smart_customer_event", autospec=True, side_effect=record), \
            patch.object(Partner, "_smart_customer_event_wanted", autospec=True, return_value=True):
        yield events
