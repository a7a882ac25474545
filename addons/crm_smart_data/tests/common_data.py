import io
from contextlib import contextmanager
from unittest.mock import patch

import openpyxl

from odoo.fields import Command

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase
from odoo.addons.crm_smart_data.models.smart_data_io import SmartDataIo

VISIT_MODEL = "x_smart_test_visit"


class SmartDataCase(SmartCrmCase):
    """A manual (x_) model shaped like a Smart CRM database: store visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit_model = cls.env["ir.model"].create({
            "name": "Store visits",
            "model": VISIT_MODEL,
            "field_id": [
                Command.create({"name": "x_name", "field_description": "Visitor", "ttype": "char", "required": True}),
                Command.create({"name": "x_code", "field_description": "Member code", "ttype": "char", "index": True}),
                Command.create({"name": "x_amount", "field_description": "Amount", "ttype": "integer"}),
                Command.create({"name": "x_rate", "field_description": "Rate", "ttype": "float"}),
                Command.create({"name": "x_visit_date", "field_description": "Visit date", "ttype": "date"}),
                Command.create({"name": "x_first_visit", "field_description": "First visit", "ttype": "boolean"}),
                Command.create({"name": "x_store", "field_description": "Store", "ttype": "selection",
                                "selection_ids": [Command.create({"value": "shibuya", "name": "渋谷店", "sequence": 1}),
                                                  Command.create({"value": "umeda", "name": "梅田店", "sequence": 2})]}),
                Command.create({"name": "x_partner_id", "field_description": "Customer", "ttype": "many2one",
                                "relation": "res.partner"}),
            ],
        })
        cls.env["ir.model.access"].create({
            "name": "test visits manager", "model_id": cls.visit_model.id,
            "group_id": cls.env.ref("crm_smart_base.group_smart_manager").id,
            "perm_read": True, "perm_write": True, "perm_create": True, "perm_unlink": True,
        })
        cls.Visit = cls.env[VISIT_MODEL]
        cls.io = cls.env["smart.data.io"]

    @classmethod
    def create_database(cls, name, **vals):
        """A Smart CRM database made by an administrator, used in the test's environment."""
        return cls.env["smart.database"].with_user(cls.user_admin).create({"name": name, **vals}).with_env(cls.env)

    @classmethod
    def add_field(cls, label, field_type, database=None, choices=(), **vals):
        """A custom field made by an administrator, on ``database`` (customers without it)."""
        if database:
            vals["model_id"] = database.model_id.id
        if choices:
            vals["choice_ids"] = [Command.create({"label": choice}) for choice in choices]
        return cls.env["smart.field"].with_user(cls.user_admin).create(
            {"label": label, "field_type": field_type, **vals})

    @contextmanager
    def allowed(self, *names):
        with patch.object(SmartDataIo, "_allowed_models", lambda self: {"res.partner", *names}):
            yield

    @staticmethod
    def xlsx(rows):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def read_xlsx(content):
        return openpyxl.load_workbook(io.BytesIO(content))
