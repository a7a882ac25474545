import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.smart_field import CHOICE_TYPES, LABEL_MAX_LENGTH, NAME_MAX_LENGTH, NotConvertible
from odoo.addons.crm_smart_base.tools import convert

# type changes offered, from -> targets; every one has a converter in _convert_value
CONVERSIONS = {
    "char": ("text", "selection", "tags", "email", "phone", "url", "integer", "float"),
    "text": ("char",),
    "integer": ("float", "monetary", "char"),
    "float": ("monetary", "integer", "char"),
    "monetary": ("float",),
    "date": ("datetime", "char"),
    "datetime": ("date",),
    "selection": ("tags", "char"),
    "email": ("char",),
    "phone": ("char",),
    "url": ("char",),
}


class SmartFieldTypeWizard(models.TransientModel):
    """Change the type of a custom field: preview what would not convert, then convert."""
    _name = "smart.field.type.wizard"
    _description = "Change the Type of a Custom Field"

    smart_field_id = fields.Many2one("smart.field", string="Field", required=True, ondelete="cascade")
    current_type = fields.Selection(related="smart_field_id.field_type", string="Current Type")
    new_type = fields.Selection(selection="_selection_new_type", required=True,
                                help="Only the types the current values convert to are offered.")
    allowed_types = fields.Char(compute="_compute_allowed_types")
    previewed_type = fields.Char(readonly=True)
    value_count = fields.Integer(string="Values", readonly=True)
    failed_count = fields.Integer(string="Values That Do Not Convert", readonly=True)
    failed_samples = fields.Text(string="Examples", readonly=True)

    @api.model
    def _selection_new_type(self):
        """The types the field being changed converts to (every type when it is not known)."""
        types = self.env["smart.field"]._fields["field_type"]._description_selection(self.env)
        smart_field = self.env["smart.field"].browse(self.env.context.get("default_smart_field_id")).exists()
        if not smart_field:
            return types
        allowed = self._conversions(smart_field)
        return [(key, label) for key, label in types if key in allowed]

    @api.depends("smart_field_id")
    def _compute_allowed_types(self):
        labels = dict(self.env["smart.field"]._fields["field_type"]._description_selection(self.env))
        for wizard in self:
            wizard.allowed_types = ", ".join(labels[key] for key in self._conversions(wizard.smart_field_id)) \
                or self.env._("none: this type cannot be changed")

    @api.onchange("new_type")
    def _onchange_new_type(self):
        self.previewed_type = False

    def action_preview(self):
        self.ensure_one()
        self._check_new_type()
        count, failed, samples = self._conversion_preview()
        self.write({
            "previewed_type": self.new_type,
            "value_count": count,
            "failed_count": failed,
            "failed_samples": "\n".join(samples),
        })
        return self._reopen()

    def action_convert(self):
        self.ensure_one()
        self._check_new_type()
        if self.previewed_type != self.new_type:
            raise UserError(self.env._("Preview the conversion before converting."))
        smart_field = self.smart_field_id
        self._change_type()
        return {
            "type": "ir.actions.act_window",
            "res_model": "smart.field",
            "res_id": smart_field.id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_new_type(self):
        if self.new_type not in self._conversions(self.smart_field_id):
            raise UserError(self.env._("The values of “%(field)s” cannot be converted to %(type)s. Possible "
                                       "types: %(allowed)s.", field=self.smart_field_id.label,
                                       type=dict(self.env["smart.field"]._fields["field_type"]
                                                 ._description_selection(self.env)).get(self.new_type, ""),
                                       allowed=self.allowed_types))

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Change Type"),
            "context": {"default_smart_field_id": self.smart_field_id.id},
        }

    # ------------------------------------------------------------------
    # Converting the field and its values
    # ------------------------------------------------------------------

    @api.model
    def _conversions(self, smart_field):
        """The types ``smart_field`` may be changed to."""
        smart_field.ensure_one()
        return CONVERSIONS.get(smart_field.field_type, ())

    @api.model
    def _convert_value(self, smart_field, value, new_type):
        """``value`` as stored for ``smart_field``, converted to ``new_type``; raises NotConvertible."""
        old_type = smart_field.field_type
        if old_type == "selection":
            if new_type == "tags":
                return [value]
            return smart_field._convert_text(smart_field.choice_ids.browse(value).label or "", new_type)
        if old_type == "date":
            if new_type == "datetime":
                return fields.Datetime.to_string(datetime.datetime.combine(value, datetime.time()))
            return fields.Date.to_string(value)
        if old_type == "datetime":
            return fields.Date.to_string(value.date())
        if old_type in ("integer", "float", "monetary"):
            if new_type == "char":
                return convert.plain_text(value)
            try:
                return convert.to_integer(value) if new_type == "integer" else convert.to_decimal(value)
            except convert.ConvertError:
                raise NotConvertible(value) from None
        text = str(value).strip()
        if new_type in CHOICE_TYPES:
            try:
                text = convert.check_size(text, LABEL_MAX_LENGTH)
            except convert.ConvertError:
                raise NotConvertible(value) from None
            if not text:
                raise NotConvertible(value)
            return text if new_type == "selection" else [text]
        return smart_field._convert_text(text, new_type)

    def _conversion_preview(self, limit=10):
        """(values, values that do not convert, up to ``limit`` samples of them)."""
        self.ensure_one()
        smart_field, new_type = self.smart_field_id, self.new_type
        smart_field.ensure_one()
        values = smart_field._read_values()
        failed = []
        for value in values.values():
            try:
                self._convert_value(smart_field, value, new_type)
            except NotConvertible:
                failed.append(value)
        samples = []
        for value in failed:
            shown = str(value)
            if shown not in samples:
                samples.append(shown)
            if len(samples) >= limit:
                break
        return len(values), len(failed), samples

    def _change_type(self):
        """Convert the field and its data to the new type in the current transaction.

        Values that do not convert (see :meth:`_conversion_preview`) become empty.
        The data is copied into a new column, the old column is dropped and the
        new one takes its name, so every step rolls back together on failure.
        """
        self.ensure_one()
        new_type = self.new_type
        smart_field = self.smart_field_id
        smart_field.ensure_one()
        smart_field._check_smart_admin()
        smart_field = smart_field.sudo()  # the caller is a Smart CRM administrator
        if new_type not in self._conversions(smart_field):
            raise UserError(self.env._("A field of type %(old)s cannot be changed to %(new)s.",
                                       old=smart_field._type_label(), new=smart_field._type_label(new_type)))
        converted = {}
        for record_id, value in smart_field._read_values().items():
            try:
                converted[record_id] = self._convert_value(smart_field, value, new_type)
            except NotConvertible:
                continue
        Choice = self.env["smart.field.choice"].sudo()
        old_choices = smart_field.choice_ids
        if new_type in CHOICE_TYPES and smart_field.field_type not in CHOICE_TYPES:
            labels = []
            for value in converted.values():
                for label in value if isinstance(value, list) else [value]:
                    if label not in labels:
                        labels.append(label)
            choices = Choice.create([{"smart_field_id": smart_field.id, "label": label, "sequence": index}
                                     for index, label in enumerate(labels)])
            by_label = dict(zip(labels, choices.ids))
            converted = {rid: [by_label[v] for v in value] if isinstance(value, list) else by_label[value]
                         for rid, value in converted.items()}
            old_choices = Choice
        elif new_type in CHOICE_TYPES:
            old_choices = Choice
        model_name, name = smart_field.model, smart_field.name
        temp_name = f"{name}_{new_type}"[:NAME_MAX_LENGTH + 8]
        smart_field._regenerate_views([model_name], exclude=smart_field)
        IrFields = self.env["ir.model.fields"].sudo()
        temp_vals = smart_field._odoo_field_values(name=temp_name, field_type=new_type)
        temp_vals["field_description"] = f"{smart_field.label} ({temp_name})"
        new_field = IrFields.create(temp_vals)
        self._write_values(smart_field, temp_name, converted)
        smart_field.field_id.sudo().unlink()
        new_field.write({"name": name})
        default = smart_field.default_value
        if default:
            try:
                smart_field._convert_text(default.strip(), new_type)
            except NotConvertible:
                default = False
        smart_field.with_context(smart_field_type_change=True).write(
            {"field_type": new_type, "field_id": new_field.id, "default_value": default})
        old_choices.with_context(smart_field_unlinking=True).unlink()
        smart_field._sync_odoo_field()
        smart_field._regenerate_views()
        self.env.registry.clear_cache()

    @api.model
    def _write_values(self, smart_field, fname, values):
        """Write ``values`` ({record id: value}) into the column (or relation) of field ``fname``
        of the model of ``smart_field``."""
        if not values:
            return
        model = self.env[smart_field.model].sudo()
        field = model._fields[fname]
        items = list(values.items())
        for start in range(0, len(items), 1000):
            batch = items[start:start + 1000]
            if field.type == "many2many":
                rows = SQL(", ").join(SQL("(%s, %s)", rid, choice_id) for rid, ids in batch for choice_id in ids)
                self.env.cr.execute(SQL("INSERT INTO %(rel)s (%(c1)s, %(c2)s) VALUES %(rows)s ON CONFLICT DO NOTHING",
                                        rel=SQL.identifier(field.relation), c1=SQL.identifier(field.column1),
                                        c2=SQL.identifier(field.column2), rows=rows))
            else:
                rows = SQL(", ").join(SQL("(%s, %s)", rid, value) for rid, value in batch)
                self.env.cr.execute(SQL(
                    "UPDATE %(table)s SET %(col)s = v.value::%(type)s FROM (VALUES %(rows)s) AS v(id, value) "
                    "WHERE %(table)s.id = v.id",
                    table=SQL.identifier(model._table), col=SQL.identifier(fname),
                    type=SQL(field.column_type[1]), rows=rows))
        model.invalidate_model([fname])
