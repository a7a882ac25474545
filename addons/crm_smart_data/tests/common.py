from contextlib import contextmanager

from odoo import Command

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


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
