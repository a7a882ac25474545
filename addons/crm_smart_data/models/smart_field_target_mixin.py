import contextvars

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from odoo.addons.crm_smart_base.tools import convert

# what an upload gives each record it creates (see _add_missing_default_values):
# (model, names of the fields given to every record, the model's properties
# fields); set by the upload around its create, out of reach of a client's context
UPLOAD_DEFAULTS = contextvars.ContextVar("smart_upload_defaults", default=None)


class SmartFieldTargetMixin(models.AbstractModel):
    """Behaviour every model that receives custom fields shares: normalised
    email, phone and URL values and a currency for money fields.

    Customers inherit it; database models get it when the registry builds them
    (see ``ir.model._instanciate_attrs``)."""
    _name = "smart.field.target.mixin"
    _description = "Model with Custom Fields"

    smart_currency_id = fields.Many2one("res.currency", string="Currency (Custom Fields)",
                                        compute="_compute_smart_currency_id")

    @api.depends_context("company")
    def _compute_smart_currency_id(self):
        for record in self:
            company = record["company_id"] if "company_id" in record._fields else False
            record.smart_currency_id = (company or self.env.company).currency_id

    @api.model
    def default_get(self, fields_list):
        """Records of a database belong to the current company, as its form
        proposes, whoever creates them: an upload, the API or a form."""
        defaults = super().default_get(fields_list)
        if "x_company_id" in fields_list and "x_company_id" in self._fields and "x_company_id" not in defaults:
            defaults["x_company_id"] = self.env.company.id
        return defaults

    @api.model
    def _add_missing_default_values(self, values):
        """An upload gives each record of a chunk the default values it looked
        up once for the chunk (see smart.data.upload's _batch_defaults): the
        ORM looks them up again for each record, over all the model's fields.
        Records created otherwise, nested ones included, get theirs as usual."""
        model_name, given, properties = UPLOAD_DEFAULTS.get() or (None, (), ())
        if model_name != self._name or not all(name in values for name in given):
            return super()._add_missing_default_values(values)
        values = dict(values)
        # as the ORM does: the default properties come from the properties' definition
        for field in properties:
            values[field.name] = field._add_default_values(self.env, values)
        return values

    @api.model
    def _smart_upload_create_values(self, field_names):
        """Values given with every record an upload creates with the columns
        ``field_names``, for fields the ORM would otherwise work out record by
        record to the same value each time (see res.partner's)."""
        return {}

    @api.model
    def _smart_upload_create_context(self, field_names, constants):
        """Context keys of the create of an upload's records with the columns
        ``field_names`` and the values ``constants`` given to every record
        (see res.partner's)."""
        return {}

    @api.model
    def _smart_upload_created(self, records):
        """Called with the ``records`` an upload has just created, a chunk at a
        time, before their computed fields are stored (see res.partner's)."""

    @api.model_create_multi
    def create(self, vals_list):
        self._smart_check_choices(vals_list)
        return super().create([self._smart_normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        self._smart_check_choices([vals])
        return super().write(self._smart_normalize_vals(vals))

    def _export_rows(self, field_paths, *, _is_toplevel_call=True):
        """Odoo's own export (a list's Export, ``export_data``) writes phone custom
        fields as the phone widget shows them, in the national format of the
        company's country; importing the file back stores the same E.164 numbers.
        Phone fields of linked records are formatted by their own model's call."""
        lines = super()._export_rows(field_paths, _is_toplevel_call=_is_toplevel_call)
        phones = self.env["smart.field"]._phone_field_names(self._name)
        columns = [index for index, path in enumerate(field_paths) if len(path) == 1 and path[0] in phones]
        if columns:
            region = self.env["smart.field"]._phone_region()
            for line in lines:
                for index in columns:
                    if line[index]:
                        line[index] = convert.phone_national(line[index], region)
        return lines

    @api.model
    def _smart_check_choices(self, vals_list):
        """Refuses the choices of another field in ``vals_list``: the choices of
        every field live in one model, and a choice field holds its own only.
        One query for all the records of a batch."""
        choice_fields = self.env["smart.field"].sudo()._choice_fields(self._name)
        given = {(fname, choice_id) for vals in vals_list for fname in choice_fields.keys() & vals.keys()
                 for choice_id in _choice_ids(vals[fname])}
        if not given:
            return
        choices = self.env["smart.field.choice"].sudo().search_fetch(
            [("id", "in", [choice_id for _fname, choice_id in given])], ["smart_field_id", "label"])
        owners = {choice.id: choice for choice in choices}
        for fname, choice_id in sorted(given):
            choice = owners.get(choice_id)
            if choice and choice.smart_field_id.id != choice_fields[fname]:
                label = self._fields[fname]._description_string(self.env)
                error = convert.choice_error(choice.with_context(lang=self.env.lang).label, label)
                raise ValidationError(self.env._(error.message))

    @api.model
    def _smart_normalize_vals(self, vals):
        """``vals`` with its email, phone and URL custom values validated and normalised."""
        normalized = self.env["smart.field"].sudo()._normalized_fields(self._name)
        if not normalized or not normalized.keys() & vals.keys():
            return vals
        vals = dict(vals)
        region = self.env.company.country_id.code or "JP"
        for fname, kind in normalized.items():
            if vals.get(fname):
                label = self._fields[fname]._description_string(self.env)
                try:
                    vals[fname] = convert.convert(kind, vals[fname], region=region, label=label)
                except convert.ConvertError as error:
                    raise ValidationError(self.env._(error.message)) from None
        return vals


def _choice_ids(value):
    """The ids of the choices a many2one or many2many value of ``vals`` names."""
    if not value:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, models.BaseModel):
        return value.ids
    ids = []
    for command in value:
        if isinstance(command, int):
            ids.append(command)
        elif isinstance(command, (list, tuple)) and command and command[0] == Command.SET:
            ids.extend(command[2] or [])
        elif isinstance(command, (list, tuple)) and command and command[0] == Command.LINK:
            ids.append(command[1])
    return ids
