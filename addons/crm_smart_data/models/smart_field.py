import datetime
import io
import re

import xlsxwriter
from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, ormcache

from odoo.addons.crm_smart_base.tools import convert

LABEL_MAX_LENGTH = 60
NAME_MAX_LENGTH = 30
CHAR_MAX_LENGTH = 255

FIELD_TYPES = [
    ("char", "Short text"),
    ("text", "Long text"),
    ("integer", "Whole number"),
    ("float", "Decimal"),
    ("monetary", "Money"),
    ("date", "Date"),
    ("datetime", "Date and time"),
    ("boolean", "Yes/No"),
    ("selection", "Single choice"),
    ("tags", "Multiple choice (tags)"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("url", "URL"),
    ("binary", "File"),
    ("image", "Image"),
    ("partner", "Link to a customer"),
    ("record", "Link to a record"),
]

# field type -> type of the Odoo field that stores it
ODOO_TYPES = {
    "char": "char", "text": "text", "integer": "integer", "float": "float", "monetary": "monetary",
    "date": "date", "datetime": "datetime", "boolean": "boolean", "selection": "many2one",
    "tags": "many2many", "email": "char", "phone": "char", "url": "char", "binary": "binary",
    "image": "binary", "partner": "many2one", "record": "many2one",
}
CHOICE_TYPES = ("selection", "tags")
NO_DEFAULT_TYPES = ("tags", "binary", "image", "partner", "record")
TEXT_SEARCH_TYPES = ("char", "text", "email", "phone", "url")
GROUP_BY_TYPES = ("selection", "tags", "partner", "record", "boolean")
DATE_TYPES = ("date", "datetime")

# type changes offered, from -> targets; every one has a converter below
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

WIDGETS = {
    "selection": "many2one", "tags": "many2many_tags", "email": "email", "phone": "smart_phone",
    "url": "url", "binary": "binary", "image": "image", "boolean": "boolean_toggle",
}


class NotConvertible(Exception):
    """A value that cannot be converted to the new type of a field."""


class SmartField(models.Model):
    """A field an administrator adds to a model without code.

    Each definition owns one stored manual ``ir.model.fields`` on its target
    model and the views generated to show it, so the field behaves as any other
    Odoo field: form, list, search, pivot, graph, export, import, mailing
    filters and the external API. The same engine serves every target model
    (customers, databases, survey results, segments): see
    :meth:`_allowed_target_models`.
    """
    _name = "smart.field"
    _description = "Custom Field"
    _order = "model_id, sequence, id"
    _rec_name = "label"

    label = fields.Char(required=True, translate=True)
    name = fields.Char(string="Technical Name", readonly=True, copy=False,
                       help="Generated from the label when the field is created and never changed, "
                            "so integrations and exports keep working after a relabel.")
    field_type = fields.Selection(FIELD_TYPES, string="Type", required=True, default="char")
    model_id = fields.Many2one("ir.model", string="Target Model", required=True, ondelete="cascade",
                               default=lambda self: self.env["ir.model"]._get("res.partner"),
                               domain="[('id', 'in', allowed_model_ids)]")
    model = fields.Char(related="model_id.model", string="Target Model Name", store=True, index=True)
    allowed_model_ids = fields.Many2many("ir.model", compute="_compute_allowed_model_ids")
    allowed_link_model_ids = fields.Many2many("ir.model", compute="_compute_allowed_model_ids")
    target_model_id = fields.Many2one("ir.model", string="Linked Model", ondelete="cascade",
                                      domain="[('id', 'in', allowed_link_model_ids)]",
                                      help="The kind of record a “Link to a record” field points to.")
    section = fields.Char(translate=True, help="Fields of the same section are shown together on the form.")
    sequence = fields.Integer(default=10)
    help = fields.Text(translate=True, help="Shown as a tooltip next to the field.")
    required = fields.Boolean(help="Records cannot be saved without a value. Existing records receive the "
                                   "default value.")
    default_value = fields.Char(help="Value for new records, and for existing records when the field is "
                                     "required. For a single choice, the label of a choice.")
    choice_ids = fields.One2many("smart.field.choice", "smart_field_id", string="Choices", copy=True)
    group_ids = fields.Many2many("res.groups", string="Visible To",
                                 help="Only these groups see the field, in every view, export and the API. "
                                      "Leave empty for everyone.")
    indexed = fields.Boolean(help="Makes searching, filtering and grouping on this field fast on large "
                                  "models, at a small cost when saving records.")
    field_id = fields.Many2one("ir.model.fields", string="Odoo Field", readonly=True, copy=False,
                               ondelete="set null", index=True)
    preview = fields.Html(compute="_compute_preview", sanitize=True,
                          help="How the field looks on a record.")

    _name_model_unique = models.Constraint("UNIQUE(model_id, name)",
                                           "A technical name is used only once per model.")

    # ------------------------------------------------------------------
    # compute
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_allowed_model_ids(self):
        IrModel = self.env["ir.model"].sudo()
        allowed = IrModel.search([("model", "in", self._allowed_target_models())])
        linkable = IrModel.search([("model", "in", self._allowed_link_models())])
        for record in self:
            record.allowed_model_ids = allowed
            record.allowed_link_model_ids = linkable

    @api.depends("label", "field_type", "choice_ids.label", "choice_ids.color", "default_value", "required",
                 "help", "target_model_id")
    def _compute_preview(self):
        for record in self:
            record.preview = record._render_preview()

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------

    @api.constrains("label", "model_id")
    def _check_label(self):
        for record in self:
            label = (record.label or "").strip()
            if not label:
                raise ValidationError(self.env._("A custom field needs a label."))
            if len(label) > LABEL_MAX_LENGTH:
                raise ValidationError(self.env._("The label “%(label)s” is longer than %(max)s characters.",
                                                 label=label, max=LABEL_MAX_LENGTH))
            others = self.search([("model_id", "=", record.model_id.id), ("id", "!=", record.id)])
            if label in {(other.label or "").strip() for other in others}:
                raise ValidationError(self.env._("Another custom field of %(model)s is already labelled "
                                                 "“%(label)s”.", model=record.model_id.name, label=label))
            # models that inherit the fields (res.users from res.partner) must stay unambiguous too
            taken = {
                field.string
                for model_name in self.pool.descendants([record.model_id.model], "_inherits")
                for name, field in self.env[model_name]._fields.items() if name != record.name
            }
            if label in taken:
                raise ValidationError(self.env._("%(model)s already has a field labelled “%(label)s”; "
                                                 "choose another label.", model=record.model_id.name,
                                                 label=label))

    @api.constrains("model_id", "target_model_id", "field_type")
    def _check_models(self):
        allowed = self._allowed_target_models()
        for record in self:
            if record.model_id.model not in allowed:
                raise ValidationError(self.env._("Custom fields cannot be added to %(model)s.",
                                                 model=record.model_id.name))
            if record.field_type == "record" and not record.target_model_id:
                raise ValidationError(self.env._("Choose the kind of record the field “%(label)s” links to.",
                                                 label=record.label))
            if record.field_type == "record" and record.target_model_id.model not in self._allowed_link_models():
                raise ValidationError(self.env._("A field cannot link to %(model)s.",
                                                 model=record.target_model_id.name))

    @api.constrains("default_value", "field_type", "required", "choice_ids")
    def _check_default_value(self):
        for record in self:
            record._parse_default()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_smart_admin()
        requested = []
        for vals in vals_list:
            requested.append(vals.pop("name", None))
            vals.pop("field_id", None)
            if vals.get("label"):
                vals["label"] = vals["label"].strip()
        records = super().create(vals_list)
        for record, name in zip(records.sudo(), requested):
            record.with_context(smart_field_internal=True).write({"name": record._generate_name(name)})
        records.sudo()._create_odoo_fields()
        records.sudo()._regenerate_views()
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        self._check_smart_admin()
        if self.env.context.get("smart_field_internal"):
            return super().write(vals)
        type_change = self.env.context.get("smart_field_type_change")
        if (("name" in vals and any(record.name != vals["name"] for record in self))
                or ("field_id" in vals and not type_change)
                or ("model_id" in vals and any(record.model_id.id != vals["model_id"] for record in self))):
            raise UserError(self.env._("The technical name and target model of a custom field cannot be "
                                       "changed."))
        if "field_type" in vals and any(record.field_type != vals["field_type"] for record in self):
            if not type_change:
                raise UserError(self.env._("Use “Change Type” to change the type of a field: it checks that "
                                           "the existing values convert."))
        if "target_model_id" in vals and any(record.target_model_id.id != vals["target_model_id"]
                                             for record in self.filtered("field_id")):
            raise UserError(self.env._("The linked model of a field cannot be changed."))
        if vals.get("label"):
            vals["label"] = vals["label"].strip()
        res = super().write(vals)
        synced = {"label", "help", "required", "indexed", "group_ids", "default_value", "choice_ids"}
        if synced & set(vals) and not type_change:
            for record in self.sudo().filtered("field_id"):
                record._sync_odoo_field()
        self.sudo()._regenerate_views()
        self.env.registry.clear_cache()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "label" not in (default or {}):
            for record, vals in zip(self, vals_list):
                vals["label"] = self.env._("%(label)s (copy)", label=record.label)
        return vals_list

    def unlink(self):
        self._check_smart_admin()
        models_to_refresh = self.mapped("model")
        odoo_fields = self.sudo().field_id
        # views first: Odoo refuses to drop a field that a view still shows
        self.sudo()._regenerate_views(models_to_refresh, exclude=self)
        if odoo_fields:
            odoo_fields.sudo().unlink()
        res = super(SmartField, self.with_context(smart_field_unlinking=True)).unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_open_type_change(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Type"),
            "res_model": "smart.field.type.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_smart_field_id": self.id},
        }

    def action_open_delete(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Delete Field"),
            "res_model": "smart.field.delete.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_smart_field_id": self.id},
        }

    # ------------------------------------------------------------------
    # hooks for the models that reuse the engine
    # ------------------------------------------------------------------

    @api.model
    def _allowed_target_models(self):
        """Models an administrator may add fields to: customers and every database."""
        databases = self.env["smart.database"].sudo().with_context(active_test=False).search(
            [("model_id", "!=", False)])
        return ["res.partner", *databases.mapped("model")]

    @api.model
    def _allowed_link_models(self):
        """Models a “Link to a record” field may point to: the targets plus common Odoo records."""
        standard = ["res.partner.category", "res.users", "crm.team", "crm.lead"]
        return self._allowed_target_models() + [name for name in standard if name in self.env]

    @api.model
    def _target_base_views(self, model_name):
        """The views of ``model_name`` the generated views extend, as {view type: ir.ui.view}."""
        View = self.env["ir.ui.view"].sudo()
        if model_name == "res.partner":
            return {
                "form": self.env.ref("base.view_partner_form"),
                "list": self.env.ref("base.view_partner_tree"),
                "search": self.env.ref("base.view_res_partner_filter"),
            }
        result = {}
        for view_type in ("form", "list", "search"):
            view = View.browse(View.default_view(model_name, view_type))
            if view:
                result[view_type] = view
        return result

    @api.model
    def _currency_field_name(self, model_name):
        model = self.env[model_name]
        for name in ("currency_id", "x_currency_id", "smart_currency_id"):
            if name in model._fields and model._fields[name].type == "many2one":
                return name
        raise UserError(self.env._("%(model)s has no currency to express money in.", model=model._description))

    # ------------------------------------------------------------------
    # values: validation and normalisation, used by target models
    # ------------------------------------------------------------------

    @api.model
    @ormcache("model_name")
    def _normalized_fields(self, model_name):
        """{field name: type} of the email, phone and URL fields of ``model_name``."""
        self.env.cr.execute(SQL(
            "SELECT name, field_type FROM smart_field WHERE model = %s AND field_type IN ('email', 'phone', 'url') "
            "AND field_id IS NOT NULL", model_name))
        return dict(self.env.cr.fetchall())

    @api.model
    def format_phone_national(self, values):
        """Display form of phone numbers stored in E.164, for the phone widget."""
        return [self._phone_national(value) for value in values]

    @api.model
    def _phone_national(self, value):
        """``value`` (E.164) in the national format of the company's country, for display."""
        return convert.phone_national(value, self.env.company.country_id.code or "JP")

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @api.model
    def _check_smart_admin(self):
        if self.env.su or self.env.user.has_group("crm_smart_base.group_smart_admin"):
            return
        raise AccessError(self.env._("Only Smart CRM administrators may define custom fields."))

    def _generate_name(self, requested=None):
        """A technical name that is a valid identifier, unique on the model and in the database.

        ``requested`` (an integration may ask for a stable name) is used when it is
        a valid free ``x_`` name; otherwise the name comes from the label.
        """
        self.ensure_one()
        model = self.env[self.model_id.model]
        taken = set(model._fields)
        taken.update(self.env["ir.model.fields"].sudo().search([("model", "=", model._name)]).mapped("name"))
        taken.update(self.search([("model_id", "=", self.model_id.id), ("id", "!=", self.id)]).mapped("name"))
        if requested:
            if not self._valid_name(requested) or requested in taken:
                raise ValidationError(self.env._("“%(name)s” cannot be used as technical name: use lower-case "
                                                 "letters, digits and underscores after “x_”, at most %(max)s "
                                                 "characters, not already used on %(model)s.", name=requested,
                                                 max=NAME_MAX_LENGTH, model=self.model_id.name))
            return requested
        slug = re.sub(r"[^a-z0-9]+", "_", (self.label or "").lower()).strip("_")
        slug = slug[:NAME_MAX_LENGTH - 2].strip("_")
        base = f"x_{slug}" if slug and re.search(r"[a-z]", slug) else f"x_field_{self.id}"
        name, counter = base, 1
        while name in taken or not self._valid_name(name):
            counter += 1
            name = f"{base}_{counter}"
        return name

    @api.model
    def _valid_name(self, name):
        return bool(re.fullmatch(r"x_[a-z0-9_]+", name or "")) and len(name) <= NAME_MAX_LENGTH + 8

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

    def _parse_default(self):
        """The default value converted to the field's type (None when there is none)."""
        self.ensure_one()
        raw = (self.default_value or "").strip()
        if not raw:
            return None
        if self.field_type in NO_DEFAULT_TYPES:
            raise ValidationError(self.env._("A field of type %(type)s cannot have a default value.",
                                             type=self._type_label()))
        try:
            return self._convert_text(raw)
        except NotConvertible:
            raise ValidationError(self.env._("“%(value)s” is not a valid default value for a field of type "
                                             "%(type)s.", value=raw, type=self._type_label())) from None

    def _type_label(self, field_type=None):
        return dict(self._fields["field_type"]._description_selection(self.env))[field_type or self.field_type]

    def _convert_text(self, raw, field_type=None):
        """Convert a text to a value of ``field_type`` (default: the field's type) or raise NotConvertible."""
        field_type = field_type or self.field_type
        if field_type in NO_DEFAULT_TYPES:
            raise NotConvertible(raw)
        options = {"label": self.label, "region": self.env.company.country_id.code or "JP"}
        if field_type == "selection":
            options["choices"] = convert.choice_index(
                (choice.id, label) for choice in self.choice_ids for label in (choice.label, choice.value) if label)
        try:
            if field_type in ("char", "text"):  # stored as typed
                return convert.check_size(raw, CHAR_MAX_LENGTH if field_type == "char" else None)
            value = convert.convert(field_type, raw, **options)
        except convert.ConvertError:
            raise NotConvertible(raw) from None
        if field_type == "date":
            return fields.Date.to_string(value)
        if field_type == "datetime":
            return fields.Datetime.to_string(value)
        return value

    def _count_records_with_choices(self, choices):
        self.ensure_one()
        model = self.env[self.model_id.model].sudo().with_context(active_test=False)
        return model.search_count([(self.name, "in", choices.ids)])

    # ------------------------------------------------------------------
    # generated views
    # ------------------------------------------------------------------

    def _regenerate_views(self, model_names=None, exclude=None):
        """Rebuild the views that show the custom fields of the given models."""
        for model_name in model_names or set(self.mapped("model")):
            domain = [("model", "=", model_name), ("field_id", "!=", False)]
            if exclude:
                domain.append(("id", "not in", exclude.ids))
            smart_fields = self.sudo().with_context(active_test=False).search(domain)
            database = self.env["smart.database"].sudo().with_context(active_test=False).search(
                [("model", "=", model_name)])
            if database:  # its own views (search box, kanban, pivot, calendar) follow its fields
                database.with_context(smart_field_excluded_ids=exclude.ids if exclude else [])._generate_views()
            for view_type, base_view in self._target_base_views(model_name).items():
                self._write_generated_view(model_name, view_type, base_view, smart_fields)

    @api.model
    def _write_generated_view(self, model_name, view_type, base_view, smart_fields):
        xmlid = f"smart_field_view_{model_name.replace('.', '_')}_{view_type}"
        view = self.env.ref(f"crm_smart_data.{xmlid}", raise_if_not_found=False)
        view = view.sudo() if view else self.env["ir.ui.view"].sudo()
        arch = getattr(self, f"_build_{view_type}_arch")(smart_fields) if smart_fields else None
        if arch is None:
            view.unlink()
            return
        arch_db = etree.tostring(arch, encoding="unicode")
        if view:
            if view.arch_db != arch_db:
                view.write({"arch_db": arch_db})
            return
        view = self.env["ir.ui.view"].sudo().create({
            "name": f"{model_name}.{view_type}.smart_fields",
            "model": model_name,
            "type": view_type,
            "mode": "extension",
            "inherit_id": base_view.id,
            "priority": 99,
            "arch_db": arch_db,
        })
        self.env["ir.model.data"].sudo().create({
            "module": "crm_smart_data", "name": xmlid, "model": "ir.ui.view", "res_id": view.id, "noupdate": True,
        })

    def _field_node(self, parent, **attrs):
        node = etree.SubElement(parent, "field", name=self.name)
        for key, value in attrs.items():
            if value:
                node.set(key, value)
        if self.group_ids:
            node.set("groups", self._groups_xmlids())
        return node

    def _build_form_arch(self, smart_fields):
        root = etree.Element("data")
        xpath = etree.SubElement(root, "xpath", expr="//notebook", position="inside")
        is_database = smart_fields[:1].model.startswith("x_smart_db_")
        page = etree.SubElement(xpath, "page", name="smart_fields",
                                string=self.env._("Details") if is_database else "Smart CRM")
        groups = {}
        for smart_field in smart_fields.sorted(lambda f: (f.sequence, f.id)):
            section = smart_field.section or ""
            if section not in groups:
                group_attrs = {"name": f"smart_section_{len(groups) + 1}"}
                if section:
                    group_attrs["string"] = section
                groups[section] = etree.SubElement(page, "group", **group_attrs)
            options = None
            if smart_field.field_type in ("selection", "tags"):
                options = "{'no_create': True, 'no_open': True}" if smart_field.field_type == "selection" \
                    else "{'no_create': True, 'color_field': 'color'}"
            widget = WIDGETS.get(smart_field.field_type)
            if smart_field.field_type == "selection":
                widget = None
            smart_field._field_node(groups[section], widget=widget, options=options)
        return root

    def _build_list_arch(self, smart_fields):
        root = etree.Element("data")
        xpath = etree.SubElement(root, "xpath", expr="/list", position="inside")
        for smart_field in smart_fields.sorted(lambda f: (f.sequence, f.id)):
            if smart_field.field_type in ("binary", "image"):
                continue
            widget = WIDGETS.get(smart_field.field_type)
            widget = None if smart_field.field_type == "boolean" else widget
            optional = "show" if smart_field.model.startswith("x_smart_db_") else "hide"
            smart_field._field_node(xpath, optional=optional, widget=widget)
        return root

    def _build_search_arch(self, smart_fields):
        root = etree.Element("data")
        xpath = etree.SubElement(root, "xpath", expr="/search", position="inside")
        ordered = smart_fields.sorted(lambda f: (f.sequence, f.id))
        for smart_field in ordered:
            groups = smart_field._groups_xmlids() if smart_field.group_ids else None
            attrs = {"groups": groups} if groups else {}
            if smart_field.field_type in TEXT_SEARCH_TYPES + ("selection", "tags", "partner", "record"):
                smart_field._field_node(xpath)
            if smart_field.field_type == "boolean":
                etree.SubElement(xpath, "filter", name=f"smart_filter_{smart_field.name}",
                                 string=smart_field.label, domain=repr([(smart_field.name, "=", True)]), **attrs)
            elif smart_field.field_type in DATE_TYPES:
                etree.SubElement(xpath, "filter", name=f"smart_filter_{smart_field.name}",
                                 string=smart_field.label, date=smart_field.name, **attrs)
        group_by = etree.SubElement(xpath, "group", name="smart_group_by")
        for smart_field in ordered:
            groups = smart_field._groups_xmlids() if smart_field.group_ids else None
            attrs = {"groups": groups} if groups else {}
            spec = None
            if smart_field.field_type in GROUP_BY_TYPES:
                spec = smart_field.name
            elif smart_field.field_type in DATE_TYPES:
                spec = f"{smart_field.name}:month"
            if spec:
                etree.SubElement(group_by, "filter", name=f"smart_group_by_{smart_field.name}",
                                 string=smart_field.label, context=repr({"group_by": spec}), **attrs)
        if not len(group_by):
            xpath.remove(group_by)
        return root

    # ------------------------------------------------------------------
    # preview
    # ------------------------------------------------------------------

    def _render_preview(self):
        """A read-only sample of the field as users will see it (lxml, never string-built)."""
        self.ensure_one()
        root = etree.Element("div", {"class": "o_smart_field_preview"})
        label = etree.SubElement(root, "label", {"class": "o_form_label fw-bold d-block"})
        label.text = (self.label or self.env._("Label")) + (" *" if self.required else "")
        box = etree.SubElement(root, "div", {"class": "border rounded p-2 bg-white"})
        samples = {
            "char": self.env._("Short text"), "text": self.env._("A longer text\non several lines"),
            "integer": "42", "float": "3.14", "monetary": "¥ 1,000", "date": "2026/04/01",
            "datetime": "2026/04/01 10:30", "email": "hanako@example.jp", "phone": "090-1234-5678",
            "url": "https://example.jp", "binary": "📎 file.pdf", "image": "🖼 image.png",
            "partner": "株式会社さくらフーズ", "record": self.target_model_id.name or "",
        }
        ftype = self.field_type or "char"
        sample = self.default_value or samples.get(ftype, "")
        if ftype == "boolean":
            try:
                checked = convert.to_bool(sample)
            except convert.ConvertError:
                checked = False
            check = etree.SubElement(box, "span", {"class": "o_smart_field_preview_checked" if checked else ""})
            check.text = "☑" if checked else "☐"
        elif ftype in CHOICE_TYPES:
            choices = self.choice_ids.sorted("sequence")
            for choice in choices[:1] if ftype == "selection" else choices:
                badge = etree.SubElement(box, "span", {
                    "class": f"badge rounded-pill me-1 o_tag_color_{choice.color or 0}"})
                badge.text = choice.label or ""
            if not choices:
                hint = etree.SubElement(box, "span", {"class": "text-muted"})
                hint.text = self.env._("Add choices below")
        else:
            for index, line in enumerate(str(sample).split("\n")):
                if index:
                    etree.SubElement(box, "br")
                span = etree.SubElement(box, "span")
                span.text = line
        if self.help:
            help_node = etree.SubElement(root, "small", {"class": "text-muted"})
            help_node.text = self.help
        return etree.tostring(root, encoding="unicode")

    # ------------------------------------------------------------------
    # type change and export, used by the wizards
    # ------------------------------------------------------------------

    def _allowed_conversions(self):
        self.ensure_one()
        return CONVERSIONS.get(self.field_type, ())

    def _read_values(self):
        """{record id: stored value} of the records that have a value (one query)."""
        self.ensure_one()
        model = self.env[self.model].sudo()
        field = model._fields[self.name]
        model.flush_model([self.name])
        if field.type == "many2many":
            query = SQL("SELECT %(c1)s, array_agg(%(c2)s ORDER BY %(c2)s) FROM %(rel)s GROUP BY %(c1)s",
                        c1=SQL.identifier(field.column1), c2=SQL.identifier(field.column2),
                        rel=SQL.identifier(field.relation))
        else:
            query = SQL("SELECT id, %(col)s FROM %(table)s WHERE %(col)s IS NOT NULL ORDER BY id",
                        col=SQL.identifier(self.name), table=SQL.identifier(model._table))
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())

    def _convert_value(self, value, new_type):
        """``value`` as stored for this field, converted to ``new_type``; raises NotConvertible."""
        old_type = self.field_type
        if old_type == "selection":
            if new_type == "tags":
                return [value]
            return self._convert_text(self.choice_ids.browse(value).label or "", new_type)
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
        return self._convert_text(text, new_type)

    def _conversion_preview(self, new_type, limit=10):
        """(values, values that do not convert, up to ``limit`` samples of them)."""
        self.ensure_one()
        values = self._read_values()
        failed = []
        for value in values.values():
            try:
                self._convert_value(value, new_type)
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

    def _change_type(self, new_type):
        """Convert the field and its data to ``new_type`` in the current transaction.

        Values that do not convert (see :meth:`_conversion_preview`) become empty.
        The data is copied into a new column, the old column is dropped and the
        new one takes its name, so every step rolls back together on failure.
        """
        self.ensure_one()
        self._check_smart_admin()
        self = self.sudo()  # noqa: PLW0642 - the caller is a Smart CRM administrator
        if new_type not in self._allowed_conversions():
            raise UserError(self.env._("A field of type %(old)s cannot be changed to %(new)s.",
                                       old=self._type_label(), new=self._type_label(new_type)))
        converted = {}
        for record_id, value in self._read_values().items():
            try:
                converted[record_id] = self._convert_value(value, new_type)
            except NotConvertible:
                continue
        Choice = self.env["smart.field.choice"].sudo()
        old_choices = self.choice_ids
        if new_type in CHOICE_TYPES and self.field_type not in CHOICE_TYPES:
            labels = []
            for value in converted.values():
                for label in value if isinstance(value, list) else [value]:
                    if label not in labels:
                        labels.append(label)
            choices = Choice.create([{"smart_field_id": self.id, "label": label, "sequence": index}
                                     for index, label in enumerate(labels)])
            by_label = dict(zip(labels, choices.ids))
            converted = {rid: [by_label[v] for v in value] if isinstance(value, list) else by_label[value]
                         for rid, value in converted.items()}
            old_choices = Choice
        elif new_type in CHOICE_TYPES:
            old_choices = Choice
        model_name, name = self.model, self.name
        temp_name = f"{name}_{new_type}"[:NAME_MAX_LENGTH + 8]
        self._regenerate_views([model_name], exclude=self)
        IrFields = self.env["ir.model.fields"].sudo()
        temp_vals = self._odoo_field_values(name=temp_name, field_type=new_type)
        temp_vals["field_description"] = f"{self.label} ({temp_name})"
        new_field = IrFields.create(temp_vals)
        self._write_values(temp_name, converted)
        self.field_id.sudo().unlink()
        new_field.write({"name": name})
        default = self.default_value
        if default:
            try:
                self._convert_text(default.strip(), new_type)
            except NotConvertible:
                default = False
        self.with_context(smart_field_type_change=True).write(
            {"field_type": new_type, "field_id": new_field.id, "default_value": default})
        old_choices.with_context(smart_field_unlinking=True).unlink()
        self._sync_odoo_field()
        self._regenerate_views()
        self.env.registry.clear_cache()

    def _write_values(self, fname, values):
        """Write ``values`` ({record id: value}) into the column (or relation) of field ``fname``."""
        if not values:
            return
        model = self.env[self.model].sudo()
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

    def _export_xlsx(self):
        """The field's values with the records they belong to, as an XLSX workbook (bytes)."""
        self.ensure_one()
        model = self.env[self.model].sudo().with_context(active_test=False)
        records = model.search([(self.name, "!=", False)], order="id")
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
        sheet = workbook.add_worksheet(self.name[:31])
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, ["ID", self.env._("External ID"), self.env._("Name"), self.label], bold)
        external_ids = records.get_external_id()
        for row, record in enumerate(records, start=1):
            value = record[self.name]
            if self.field_type in CHOICE_TYPES + ("partner", "record"):
                value = ", ".join(value.mapped("display_name"))
            elif self.field_type in ("binary", "image"):
                value = self.env._("(file)") if value else ""
            elif isinstance(value, (datetime.date, datetime.datetime)):
                value = fields.Datetime.to_string(value) if isinstance(value, datetime.datetime) \
                    else fields.Date.to_string(value)
            sheet.write_row(row, 0, [record.id, external_ids.get(record.id) or "", record.display_name, value])
        workbook.close()
        return buffer.getvalue()
