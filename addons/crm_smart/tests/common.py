import io
from contextlib import contextmanager

import polib

from odoo import Command
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.translate import trans_export


class SmartCrmCase(TransactionCase):
    """Shared fixtures: one user per Smart CRM role and a Japanese customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_employee = new_test_user(cls.env, login="smart_employee", groups="base.group_user",
                                          name="Employee Sato")
        cls.user_smart = new_test_user(cls.env, login="smart_user", groups="crm_smart.group_smart_user",
                                       name="Rep Kato")
        cls.user_manager = new_test_user(cls.env, login="smart_manager",
                                         groups="crm_smart.group_smart_manager", name="Manager Mori")
        cls.user_admin = new_test_user(cls.env, login="smart_admin", groups="crm_smart.group_smart_admin",
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
    databases: their labels are the administrator's data, not the module's terms."""
    return all(".smart_field_view_x_" in source
               for source, _line in entry.occurrences)


class SmartFieldCase(SmartCrmCase):
    """Custom field tests: each test's fields are dropped from the registry after it."""

    def setUp(self):
        # registered before the savepoint cleanup, so it runs after the rollback
        self.addCleanup(self._reload_registry)
        super().setUp()
        self.Partner = self.env["res.partner"]
        self.SmartField = self.env["smart.field"].with_user(self.user_admin)

    def _reload_registry(self):
        if self.registry.registry_invalidated:
            self.registry._setup_models__(self.cr)
            self.registry.registry_invalidated = False

    @contextmanager
    def assertRefused(self, exception, text):
        """assertRaises (which rolls back) that also checks the message."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertIn(text, str(catcher.exception))

    def create_field(self, label, field_type="char", **vals):
        choices = vals.pop("choices", None)
        if choices:
            vals["choice_ids"] = [Command.create({"label": label_, "sequence": index})
                                  for index, label_ in enumerate(choices)]
        return self.SmartField.create({"label": label, "field_type": field_type, **vals})
