from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .smart_field import CHAR_MAX_LENGTH, CHOICE_TYPES

# field type -> type of the Odoo field that stores it
ODOO_TYPES = {
    "char": "char", "text": "text", "integer": "integer", "float": "float", "monetary": "monetary",
    "date": "date", "datetime": "datetime", "boolean": "boolean", "selection": "many2one",
    "tags": "many2many", "email": "char", "phone": "char", "url": "char", "binary": "binary",
    "image": "binary", "partner": "many2one", "record": "many2one",
}


class SmartField(models.Model):
    """The stored manual ``ir.model.fields`` of each custom field: created with
    the definition, kept in step with its label, help, index, groups and
    required flag, with its default stored in ``ir.default``."""

    _inherit = "smart.field"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _currency_field_name(self, model_name):
        model = self.env[model_name]
        for name in ("currency_id", "x_currency_id", "smart_currency_id"):
            if name in model._fields and model._fields[name].type == "many2one":
                return name
        raise UserError(self.env._("%(model)s has no currency to express money in.", model=model._description))

    def _odoo_field_values(self, name=None, field_type=None):
        """Values of the ir.model.fields that stores this definition."""
        self.ensure_one()
        name = name or self.name
        field_type = field_type or self.field_type
        model = self.env[self.model_id.model]
        vals = {
            "name": name,
            "model_id": self.model_id.id,
            "field_description": self.label,
            "help": self.help,
            "ttype": ODOO_TYPES[field_type],
            "state": "manual",
            "index": self.indexed,
            "copied": field_type not in ("binary", "image"),
            "smart_groups": self._groups_xmlids(),
        }
        if field_type in CHOICE_TYPES:
            vals.update(relation="smart.field.choice", domain=repr([("smart_field_id", "=", self.id)]))
            if field_type == "selection":
                vals["on_delete"] = "restrict"
            else:
                vals["relation_table"] = self._relation_table(model, name)
                vals.update(column1="record_id", column2="choice_id")
        elif field_type == "partner":
            vals.update(relation="res.partner", on_delete="set null")
        elif field_type == "record":
            vals.update(relation=self.target_model_id.model, on_delete="set null")
        elif field_type == "monetary":
            vals["currency_field"] = self._currency_field_name(model._name)
        elif field_type == "char":
            vals["size"] = CHAR_MAX_LENGTH
        return vals

    def _relation_table(self, model, name):
        table = f"x_{model._table}_{name}_rel"
        if len(table) > 63:
            table = f"x_smart_field_{self.id}_{name}"[:59] + "_rel"
        return table

    def _groups_xmlids(self):
        groups = self.group_ids.sudo()
        if not groups:
            return False
        groups._ensure_xml_id()
        return ",".join(groups.get_external_id()[group.id] for group in groups)

    def _create_odoo_fields(self):
        """Create the stored fields (one registry reload for all of them); existing records
        receive the default of required fields."""
        for record in self:
            record._check_required_default()
        odoo_fields = self.env["ir.model.fields"].sudo().create([record._odoo_field_values() for record in self])
        for record, odoo_field in zip(self, odoo_fields):
            record.with_context(smart_field_internal=True).write({"field_id": odoo_field.id})
            record._apply_default()
        required = self.filtered(lambda record: record.required and record.field_type != "boolean")
        if required:
            required.field_id.write({"required": True})
        return odoo_fields

    def _sync_odoo_field(self):
        self.ensure_one()
        self._check_required_default()
        odoo_field = self.field_id.sudo()
        self._apply_default()
        vals = {
            "field_description": self.label,
            "help": self.help,
            "index": self.indexed,
            "required": self.required and self.field_type != "boolean",
            "smart_groups": self._groups_xmlids(),
        }
        changed = {key: value for key, value in vals.items() if (odoo_field[key] or False) != (value or False)}
        if changed:
            odoo_field.write(changed)

    def _check_required_default(self):
        if not self.required or self.field_type == "boolean" or self.default_value:
            return
        if self.env[self.model_id.model].sudo().with_context(active_test=False).search_count([], limit=1):
            raise ValidationError(self.env._(
                "“%(label)s” is required and %(model)s already has records: give a default value for them.",
                label=self.label, model=self.model_id.name))

    def _apply_default(self):
        """Store the default in ir.default and fill it in the existing records of a required field."""
        self.ensure_one()
        IrDefault = self.env["ir.default"].sudo()
        IrDefault.search([("field_id", "=", self.field_id.id)]).unlink()
        value = self._parse_default()
        if value is None:
            return
        IrDefault.set(self.model_id.model, self.name, value)
        if self.required:
            model = self.env[self.model_id.model]
            model.flush_model([self.name])
            self.env.cr.execute(SQL(
                "UPDATE %(table)s SET %(column)s = %(value)s WHERE %(column)s IS NULL",
                table=SQL.identifier(model._table), column=SQL.identifier(self.name),
                value=value))
            model.invalidate_model([self.name])

