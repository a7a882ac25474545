import re
import unicodedata

import jaconv
from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, ormcache

from ..tools.labels import clean_label
from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook

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

CHOICE_TYPES = ("selection", "tags")
NO_DEFAULT_TYPES = ("tags", "binary", "image", "partner", "record")


class NotConvertible(Exception):
    """A value that cannot be converted to the new type of a field."""


class SmartField(models.Model):
    """A field an administrator adds to a model without code.

    Each definition owns one stored manual ``ir.model.fields`` on its target
    model (smart_field_sync.py) and the views generated to show it
    (smart_field_views.py), so the field behaves as any other Odoo field:
    form, list, search, pivot, graph, export, import, mailing filters and the
    external API. The target models are customers and Smart CRM databases:
    see :meth:`_allowed_target_models`.
    """
    _name = "smart.field"
    _description = "Custom Field"
    _order = "model_id, sequence, id"
    _rec_name = "label"

    label = fields.Char(required=True, translate=True)
    name = fields.Char(string="Technical Name", copy=False,
                       help="Given at creation (x_ then lower-case letters, digits and underscores) or made from "
                            "the label, and never changed, so integrations and exports keep working after a "
                            "relabel.")
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
            label = clean_label(record.label or "")
            if not label:
                raise ValidationError(self.env._("A custom field needs a label."))
            if len(label) > LABEL_MAX_LENGTH:
                raise ValidationError(self.env._("The label “%(label)s” is longer than %(max)s characters.",
                                                 label=label, max=LABEL_MAX_LENGTH))
            others = self.search([("model_id", "=", record.model_id.id), ("id", "!=", record.id)])
            if label in {clean_label(other.label or "") for other in others}:
                raise ValidationError(self.env._("Another custom field of %(model)s is already labelled "
                                                 "“%(label)s”.", model=record.model_id.name, label=label))
            # models that inherit the fields (res.users from res.partner) must stay unambiguous too
            taken = {
                field.string
                for model_name in self.pool.descendants([record.model_id.model], "_inherits")
                for name, field in self.env[model_name]._fields.items() if name != record.name
            }
            if label in {clean_label(string) for string in taken}:
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
                vals["label"] = clean_label(vals["label"])
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
            vals["label"] = clean_label(vals["label"])
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
        """Models an administrator may add fields to: customers, and the models
        that extend this method add theirs (every Smart CRM database)."""
        return ["res.partner"]

    @api.model
    def _allowed_link_models(self):
        """Models a “Link to a record” field may point to: the targets plus common Odoo records."""
        standard = ["res.partner.category", "res.users", "crm.team", "crm.lead"]
        return self._allowed_target_models() + [name for name in standard if name in self.env]

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
    @ormcache("model_name")
    def _choice_fields(self, model_name):
        """{field name: id of its definition} of the single and multiple choice fields of ``model_name``."""
        self.env.cr.execute(SQL(
            "SELECT name, id FROM smart_field WHERE model = %s AND field_type IN %s AND field_id IS NOT NULL",
            model_name, CHOICE_TYPES))
        return dict(self.env.cr.fetchall())

    @api.model
    def _phone_field_names(self, model_name):
        """Names of the phone custom fields of ``model_name``, stored in E.164."""
        return {name for name, kind in self.sudo()._normalized_fields(model_name).items() if kind == "phone"}

    @api.model
    def format_phone_national(self, values):
        """Display form of phone numbers stored in E.164, for the phone widget."""
        return [self._phone_national(value) for value in values]

    @api.model
    def _phone_national(self, value):
        """``value`` (E.164) in the national format of the company's country, for display."""
        return convert.phone_national(value, self._phone_region())

    @api.model
    def _phone_region(self):
        """The country whose numbers show in the national format: the company's (Japan without one)."""
        return self.env.company.country_id.code or "JP"

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
        slug = re.sub(r"[^a-z0-9]+", "_", self._romanized_label().lower()).strip("_")
        slug = slug[:NAME_MAX_LENGTH - 2].strip("_")
        base = f"x_{slug}" if slug and re.search(r"[a-z]", slug) else f"x_field_{self.id}"
        name, counter = base, 1
        while name in taken or not self._valid_name(name):
            counter += 1
            name = f"{base}_{counter}"
        return name

    def _romanized_label(self):
        """The label in Latin letters when it is written in kana (ポイント → pointo), as is otherwise: kanji
        have no reading to go by (no library of the registries reads them reliably under a licence this
        suite can ship), so a label with kanji gets a numbered name unless one is given at creation."""
        label = unicodedata.normalize("NFKC", self.label or "")
        romanized = jaconv.kana2alphabet(jaconv.kata2hira(label)).replace("-", "")
        return romanized if romanized.isascii() else label

    @api.model
    def _valid_name(self, name):
        return bool(re.fullmatch(r"x_[a-z0-9_]+", name or "")) and len(name) <= NAME_MAX_LENGTH + 8

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
    # values and export, used by the wizards
    # ------------------------------------------------------------------

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

    def _export_xlsx(self):
        """The field's values with the records they belong to, as an XLSX workbook (bytes)."""
        self.ensure_one()
        model = self.env[self.model].sudo().with_context(active_test=False)
        records = model.search([(self.name, "!=", False)], order="id")
        field = model._fields[self.name]
        workbook = XlsxWorkbook()
        sheet = workbook.add_sheet(self.name)
        headers = ["ID", self.env._("External ID"), self.env._("Name"), self.label]
        if self.field_type == "phone":
            # as the screens show the numbers, then as stored
            headers.append(self.env["smart.data.io"]._phone_e164_header(self.label))
        sheet.header(headers)
        external_ids = records.get_external_id()
        region = self._phone_region()
        for row, record in enumerate(records, start=1):
            sheet.number(row, 0, record.id)
            sheet.text(row, 1, external_ids.get(record.id))
            sheet.text(row, 2, record.display_name)
            if self.field_type in ("binary", "image"):
                sheet.text(row, 3, self.env._("(file)"))
            elif self.field_type == "phone":
                sheet.text(row, 3, convert.phone_national(record[self.name], region))
                sheet.text(row, 4, record[self.name])
            else:
                sheet.record_cell(row, 3, record, field)
        return workbook.close()
