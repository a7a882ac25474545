import re

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from ..tools.labels import clean_label

MODEL_PREFIX = "x_smart_db_"
TEXT_TYPES = ("char", "text", "email", "phone", "url")


class SmartDatabase(models.Model):
    """A record type an administrator defines without code ("event attendees",
    "store visits" …). Each database owns a real manual Odoo model, its menu,
    views and access rights; its fields are Smart CRM custom fields, defined with
    the same designer as customer fields."""

    _name = "smart.database"
    _description = "Smart CRM database"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    icon = fields.Char(default="fa-database", help="Font Awesome icon of the database, e.g. fa-calendar.")
    color = fields.Integer()
    active = fields.Boolean(default=True, help="Archived databases disappear from the menu; their data is kept.")
    partner_link = fields.Boolean(
        string="Linked to customers",
        help="Every record may name a customer, and the customer form counts and opens them.")
    chatter = fields.Boolean(string="Discussion and activities",
                             help="Records get a chatter: messages, followers and activities.")
    model_id = fields.Many2one("ir.model", string="Odoo model", readonly=True, copy=False, ondelete="set null")
    model = fields.Char(related="model_id.model", string="Model name", store=True)
    action_id = fields.Many2one("ir.actions.act_window", readonly=True, copy=False, ondelete="set null")
    menu_id = fields.Many2one("ir.ui.menu", readonly=True, copy=False, ondelete="set null")
    read_group_ids = fields.Many2many(
        "res.groups", "smart_database_read_group_rel", string="May read",
        default=lambda self: self.env.ref("crm_smart_base.group_smart_user"))
    write_group_ids = fields.Many2many(
        "res.groups", "smart_database_write_group_rel", string="May edit",
        default=lambda self: self.env.ref("crm_smart_base.group_smart_user"))
    create_group_ids = fields.Many2many(
        "res.groups", "smart_database_create_group_rel", string="May create",
        default=lambda self: self.env.ref("crm_smart_base.group_smart_user"))
    unlink_group_ids = fields.Many2many(
        "res.groups", "smart_database_unlink_group_rel", string="May delete",
        default=lambda self: self.env.ref("crm_smart_base.group_smart_manager"))
    field_count = fields.Integer(compute="_compute_counts")
    record_count = fields.Integer(compute="_compute_counts")

    @api.depends("model_id")
    def _compute_counts(self):
        Field = self.env["smart.field"].sudo()
        for database in self:
            if database.model_id and database.model in self.env:
                database.field_count = Field.search_count([("model_id", "=", database.model_id.id)])
                database.record_count = self.env[database.model].sudo().with_context(
                    active_test=False).search_count([])
            else:
                database.field_count = database.record_count = 0

    @api.constrains("name")
    def _check_name(self):
        for database in self:
            name = clean_label(database.name or "")
            if not name:
                raise ValidationError(self.env._("A database needs a name."))
            if len(name) > 60:
                raise ValidationError(self.env._("The database name “%s” is longer than 60 characters.", name))
            if self.with_context(active_test=False).search_count(
                    [("name", "=", name), ("id", "!=", database.id)]):
                raise ValidationError(self.env._("There is already a database called “%s”.", name))

    @api.constrains("icon")
    def _check_icon(self):
        for database in self:
            if database.icon and not re.fullmatch(r"fa-[a-z0-9-]+", database.icon):
                raise ValidationError(self.env._("The icon must be a Font Awesome name such as fa-calendar."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_smart_admin()
        for vals in vals_list:
            if vals.get("name"):
                vals["name"] = clean_label(vals["name"])
        databases = super().create(vals_list)
        for database in databases:
            database._create_model()
        databases._sync_access()
        databases._sync_ui()
        self.env.registry.clear_cache()
        return databases

    def write(self, vals):
        self._check_smart_admin()
        if vals.get("name"):
            vals["name"] = clean_label(vals["name"])
        if "partner_link" in vals and not vals["partner_link"]:
            for database in self.filtered("partner_link"):
                if self.env[database.model].sudo().with_context(active_test=False).search_count(
                        [("x_partner_id", "!=", False)]):
                    raise UserError(self.env._(
                        "Records of %s name customers: clear them before unlinking the database from customers.",
                        database.name))
        if "chatter" in vals and not vals["chatter"] and any(self.mapped("chatter")):
            raise UserError(self.env._("The discussion of a database cannot be removed once enabled."))
        result = super().write(vals)
        if {"partner_link", "chatter"} & set(vals):
            for database in self:
                database._sync_model_options()
        if {"read_group_ids", "write_group_ids", "create_group_ids", "unlink_group_ids"} & set(vals):
            self._sync_access()
        if {"name", "active", "sequence", "icon", "partner_link", "chatter"} & set(vals):
            self._sync_ui()
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        self._check_smart_admin()
        for database in self:
            database._drop_model()
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_records(self):
        self.ensure_one()
        return self.action_id.sudo()._get_action_dict() if self.action_id else False

    def action_open_fields(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Fields of %s", self.name),
            "res_model": "smart.field",
            "view_mode": "list,form",
            "domain": [("model_id", "=", self.model_id.id)],
            "context": {"default_model_id": self.model_id.id},
        }

    def action_open_delete(self):
        self.ensure_one()
        wizard = self.env["smart.database.delete.wizard"].create({"database_id": self.id})
        return {"type": "ir.actions.act_window", "res_model": wizard._name, "res_id": wizard.id,
                "view_mode": "form", "target": "new", "name": self.env._("Delete %s", self.name)}

    # ------------------------------------------------------------------
    # The model
    # ------------------------------------------------------------------

    @api.model
    def _check_smart_admin(self):
        if not (self.env.su or self.env.user.has_group("crm_smart_base.group_smart_admin")):
            raise AccessError(self.env._("Only Smart CRM administrators may define databases."))

    def _create_model(self):
        self.ensure_one()
        IrModel = self.env["ir.model"].sudo()
        model_name = f"{MODEL_PREFIX}{self.id}"
        field_vals = [
            {"name": "x_name", "field_description": "Name", "ttype": "char", "required": True, "size": 255},
            {"name": "x_active", "field_description": "Active", "ttype": "boolean"},
            {"name": "x_company_id", "field_description": "Company", "ttype": "many2one",
             "relation": "res.company", "on_delete": "restrict"},
            {"name": "x_currency_id", "field_description": "Currency", "ttype": "many2one",
             "relation": "res.currency", "on_delete": "restrict"},
        ]
        if self.partner_link:
            field_vals.append(self._partner_field_vals())
        # no field_id (not even the default x_name): see _create_fields
        values = {"name": self.name, "model": model_name, "order": "id desc", "field_id": []}
        if self.chatter:
            values.update(is_mail_thread=True, is_mail_activity=True)
        model = IrModel.with_context(lang="en_US").create(values)
        self._create_fields(model, field_vals)
        self.env["ir.default"].sudo().set(model_name, "x_active", True)
        self.env["ir.default"].sudo().set(model_name, "x_currency_id", self.env.company.currency_id.id)
        self.sudo().model_id = model
        self._translate_base_labels()

    @api.model
    def _create_fields(self, model, field_vals):
        """Create the fields ``field_vals`` of ``model`` directly, not as commands of the model's
        ``field_id``: fields refuse commands made in sudo (``_allow_sudo_commands``), which would run
        as the Smart CRM administrator, who has no access to them."""
        self.env["ir.model.fields"].sudo().with_context(lang="en_US").create(
            [dict(vals, model_id=model.id) for vals in field_vals])

    def _base_labels(self):
        """Labels of the fields every database has, in the language of the context."""
        return {"x_name": self.env._("Name"), "x_active": self.env._("Active"), "x_company_id": self.env._("Company"),
                "x_currency_id": self.env._("Currency"), "x_partner_id": self.env._("Customer")}

    def _translate_base_labels(self):
        """English labels in the model, translated for every installed language."""
        fields_ = self.model_id.sudo().field_id.filtered(lambda f: f.name in self._base_labels())
        for lang, _name in self.env["res.lang"].get_installed():
            if lang == "en_US":
                continue
            labels = self.with_context(lang=lang)._base_labels()
            for field in fields_:
                field.update_field_translations("field_description", {lang: labels[field.name]})

    def _partner_field_vals(self):
        return {"name": "x_partner_id", "field_description": "Customer", "ttype": "many2one",
                "relation": "res.partner", "on_delete": "set null", "index": True}

    def _sync_model_options(self):
        self.ensure_one()
        model = self.model_id.sudo()
        if self.partner_link and "x_partner_id" not in self.env[self.model]._fields:
            self._create_fields(model, [self._partner_field_vals()])
            self._translate_base_labels()
        elif not self.partner_link and "x_partner_id" in self.env[self.model]._fields:
            self.with_context(smart_database_dropping=self.id)._generate_partner_buttons()
            self._partner_count_field().unlink()
            model.field_id.filtered(lambda f: f.name == "x_partner_id").unlink()
        if self.chatter and not model.is_mail_thread:
            model.write({"is_mail_thread": True, "is_mail_activity": True})

    def _drop_model(self):
        self.ensure_one()
        if not self.model_id:
            return
        su = self.sudo()
        su.menu_id.unlink()
        self.env["ir.actions.server"].sudo().search([("binding_model_id", "=", self.model_id.id)]).unlink()
        su.action_id.unlink()
        self.with_context(smart_database_dropping=self.id)._generate_partner_buttons()
        su._partner_count_field().unlink()
        self.env["smart.field"].sudo().search([("model_id", "=", self.model_id.id)]).unlink()
        self.env["smart.draw"].sudo().with_context(active_test=False).search(
            [("model_id", "=", self.model_id.id)]).unlink()
        self.env["ir.ui.view"].sudo().search([("model", "=", self.model)]).unlink()
        self.env["ir.rule"].sudo().search([("model_id", "=", self.model_id.id)]).unlink()
        self.env["ir.model.access"].sudo().search([("model_id", "=", self.model_id.id)]).unlink()
        model = su.model_id
        su.model_id = False
        model.unlink()

    def _partner_count_field(self):
        return self.env["ir.model.fields"].sudo().search(
            [("model", "=", "res.partner"), ("name", "=", f"x_smart_db_{self.id}_count")])

    # ------------------------------------------------------------------
    # Access rights and rules
    # ------------------------------------------------------------------

    def _sync_access(self):
        Access = self.env["ir.model.access"].sudo()
        Rule = self.env["ir.rule"].sudo()
        admin = self.env.ref("crm_smart_base.group_smart_admin")
        for database in self:
            Access.search([("model_id", "=", database.model_id.id)]).unlink()
            groups = (database.read_group_ids | database.write_group_ids | database.create_group_ids
                      | database.unlink_group_ids | admin)
            Access.create([{
                "name": f"{database.model} {group.display_name}",
                "model_id": database.model_id.id,
                "group_id": group.id,
                "perm_read": group in database.read_group_ids or group == admin,
                "perm_write": group in database.write_group_ids or group == admin,
                "perm_create": group in database.create_group_ids or group == admin,
                "perm_unlink": group in database.unlink_group_ids or group == admin,
            } for group in groups])
            if not Rule.search_count([("model_id", "=", database.model_id.id)]):
                Rule.create({
                    "name": f"{database.model}: own companies",
                    "model_id": database.model_id.id,
                    "domain_force": "['|', ('x_company_id', '=', False), ('x_company_id', 'in', company_ids)]",
                })

    # ------------------------------------------------------------------
    # Menu, action and views
    # ------------------------------------------------------------------

    def _sync_ui(self):
        parent = self.env.ref("crm_smart_data.menu_smart_databases")
        for database in self.with_context(active_test=False):
            su = database.sudo()
            context = ("{'default_x_company_id': allowed_company_ids and allowed_company_ids[0],"
                       " 'smart_import_model': '%s', 'smart_crosstab_model': '%s'}") % (database.model, database.model)
            view_modes = "list,kanban,form,pivot,graph"
            if database._date_field():
                view_modes += ",calendar"
            action_vals = {"name": database.name, "res_model": database.model, "view_mode": view_modes,
                           "context": context, "help": database._help_html()}
            if su.action_id:
                su.action_id.write(action_vals)
            else:
                su.action_id = self.env["ir.actions.act_window"].sudo().create(action_vals)
            menu_vals = {"name": database.name, "parent_id": parent.id, "sequence": database.sequence,
                         "action": f"ir.actions.act_window,{su.action_id.id}", "active": database.active,
                         "group_ids": [Command.set(database.read_group_ids.ids
                                                   + [self.env.ref("crm_smart_base.group_smart_admin").id])]}
            if su.menu_id:
                su.menu_id.write(menu_vals)
            else:
                su.menu_id = self.env["ir.ui.menu"].sudo().create(menu_vals)
            database._sync_download_action()
            database._sync_partner_button()
            database._generate_views()

    def _help_html(self):
        from markupsafe import Markup  # noqa: PLC0415
        return Markup('<p class="o_view_nocontent_smiling_face">%s</p><p>%s</p>') % (
            self.env._("No records in %s yet", self.name),
            self.env._("Create records one by one, or upload a spreadsheet with the Upload button."))

    def _sync_download_action(self):
        Server = self.env["ir.actions.server"].sudo()
        if not Server.search_count([("binding_model_id", "=", self.model_id.id), ("state", "=", "code")]):
            Server.create({
                "name": self.env._("Download XLSX / CSV"),
                "model_id": self.model_id.id,
                "binding_model_id": self.model_id.id,
                "binding_view_types": "list",
                "state": "code",
                "code": f"action = env['smart.export.wizard'].action_open('{self.model}', env.context)",
            })

    def _sync_partner_button(self):
        """A smart button on the customer form counting the database's records."""
        self.ensure_one()
        count_field = self._partner_count_field()
        if not self.partner_link:
            return
        # A customer being created (a new id) has no records yet: counting them
        # would search with a new id, which domains do not support.
        compute = ("for partner in self:\n"
                   f"    partner['x_smart_db_{self.id}_count'] = partner.env['{self.model}']"
                   ".search_count([('x_partner_id', '=', partner.id)]) if partner.id else 0")
        if not count_field:
            self.env["ir.model.fields"].sudo().create({
                "name": f"x_smart_db_{self.id}_count",
                "model_id": self.env["ir.model"]._get("res.partner").id,
                "field_description": self.name,
                "ttype": "integer",
                "store": False,
                "depends": "",
                "compute": compute,
            })
        elif (count_field.field_description, count_field.compute) != (self.name, compute):
            count_field.write({"field_description": self.name, "compute": compute})
        self.env["smart.database"]._generate_partner_buttons()

    @api.model
    def _generate_partner_buttons(self):
        databases = self.sudo().search([("partner_link", "=", True), ("action_id", "!=", False),
                                        ("id", "!=", self.env.context.get("smart_database_dropping", 0))])
        xmlid = "crm_smart_data.smart_database_partner_buttons"
        view = self.env.ref(xmlid, raise_if_not_found=False)
        if not databases:
            if view:
                view.sudo().unlink()
            return

        def build(env):
            root = etree.Element("data")
            box = etree.SubElement(root, "xpath", expr="//div[@name='button_box']", position="inside")
            for database in databases.with_env(env):
                button = etree.SubElement(box, "button", {
                    "name": str(database.action_id.id), "type": "action", "class": "oe_stat_button",
                    "icon": database.icon or "fa-database", "groups": ",".join(
                        database.read_group_ids._ensure_xml_id().values()) or "crm_smart_base.group_smart_admin",
                    "context": "{'search_default_x_partner_id': id, 'default_x_partner_id': id}",
                })
                etree.SubElement(button, "field", name=f"x_smart_db_{database.id}_count", widget="statinfo",
                                 string=database.name)
            return root

        created = not view
        view = self.env["smart.field"]._smart_write_arch(view or self.env["ir.ui.view"], build, {
            "name": "res.partner.form.smart_databases", "model": "res.partner", "type": "form",
            "mode": "extension", "inherit_id": self.env.ref("base.view_partner_form").id, "priority": 98})
        if created:
            self.env["ir.model.data"].sudo().create({
                "module": "crm_smart_data", "name": "smart_database_partner_buttons", "model": "ir.ui.view",
                "res_id": view.id, "noupdate": True})

    def _smart_fields(self):
        excluded = self.env.context.get("smart_field_excluded_ids") or []
        return self.env["smart.field"].sudo().search(
            [("model_id", "=", self.model_id.id), ("id", "not in", excluded)], order="sequence, id")

    def _date_field(self):
        date_fields = self._smart_fields().filtered(lambda f: f.field_type in ("date", "datetime") and f.field_id)
        return date_fields[:1]

    def _generate_views(self):
        """(Re)writes the base views of the database's model from its fields, in every active language."""
        self.ensure_one()
        smart_fields = self._smart_fields().filtered("field_id")
        text_fields = ["x_name"] + smart_fields.filtered(lambda f: f.field_type in TEXT_TYPES).mapped("name")
        builders = {
            "form": lambda db, fields_: db._form_arch(),
            "list": lambda db, fields_: db._list_arch(),
            "search": lambda db, fields_: db._search_arch(text_fields),
            "kanban": lambda db, fields_: db._kanban_arch(fields_),
            "pivot": lambda db, fields_: db._pivot_arch(fields_),
            "graph": lambda db, fields_: db._graph_arch(fields_),
        }
        date_field = self._date_field()
        if date_field:
            builders["calendar"] = lambda db, fields_: db._calendar_arch(date_field.with_env(db.env))
        View = self.env["ir.ui.view"].sudo()
        existing = {view.type: view for view in View.search([("model", "=", self.model), ("mode", "=", "primary"),
                                                             ("inherit_id", "=", False)])}
        for view_type, builder in builders.items():
            self.env["smart.field"]._smart_write_arch(
                existing.get(view_type, View),
                lambda env, builder=builder: builder(self.with_env(env), smart_fields.with_env(env)),
                {"name": f"{self.model}.{view_type}", "model": self.model, "type": view_type, "priority": 10})
        if "calendar" in existing and "calendar" not in builders:
            existing["calendar"].unlink()
        action = self.action_id.sudo()
        modes = "list,kanban,form,pivot,graph" + (",calendar" if date_field else "")
        if action and action.view_mode != modes:
            action.view_mode = modes

    def _form_arch(self):
        form = etree.Element("form")
        sheet = etree.SubElement(form, "sheet")
        box = etree.SubElement(sheet, "div", {"class": "oe_button_box", "name": "button_box"})
        box.text = ""
        etree.SubElement(sheet, "widget", name="web_ribbon", title=self.env._("Archived"), bg_color="text-bg-danger",
                         invisible="x_active")
        title = etree.SubElement(sheet, "div", {"class": "oe_title"})
        heading = etree.SubElement(title, "h1")
        etree.SubElement(heading, "field", name="x_name", placeholder=self.name)
        group = etree.SubElement(sheet, "group", name="smart_database_main")
        if self.partner_link:
            etree.SubElement(group, "field", name="x_partner_id")
        etree.SubElement(group, "field", name="x_company_id", groups="base.group_multi_company")
        etree.SubElement(group, "field", name="x_active", invisible="1")
        etree.SubElement(group, "field", name="x_currency_id", invisible="1")
        etree.SubElement(sheet, "notebook")
        if self.chatter:
            etree.SubElement(form, "chatter")
        return form

    def _list_arch(self):
        root = etree.Element("list", {"multi_edit": "1"})
        header = etree.SubElement(root, "header")
        # the cross-tab and the prize draw are in the gear menu (smart_database_cog_menu.js), so that the
        # control panel keeps one line
        etree.SubElement(header, "button", {
            "name": str(self.env.ref("crm_smart_data.smart_import_wizard_action").id), "type": "action",
            "string": self.env._("Upload"), "display": "always", "groups": "crm_smart_base.group_smart_manager",
            "context": repr({"default_model_id": self.model_id.id}),
        })
        etree.SubElement(root, "field", name="x_name")
        if self.partner_link:
            etree.SubElement(root, "field", name="x_partner_id", optional="show")
        etree.SubElement(root, "field", name="x_company_id", groups="base.group_multi_company", optional="hide")
        return root

    def _search_arch(self, text_fields):
        root = etree.Element("search")
        # one box that searches every text field of the database
        domain = ["|"] * (len(text_fields) - 1) + [(name, "ilike", "__SELF__") for name in text_fields]
        etree.SubElement(root, "field", name="x_name", string=self.env._("Any text"),
                         filter_domain=repr(domain).replace("'__SELF__'", "self"))
        if self.partner_link:
            etree.SubElement(root, "field", name="x_partner_id")
        etree.SubElement(root, "filter", name="archived", string=self.env._("Archived"),
                         domain="[('x_active', '=', False)]")
        group = etree.SubElement(root, "group", name="group_by")
        if self.partner_link:
            etree.SubElement(group, "filter", name="group_by_partner", string=self.env._("Customer"),
                             context="{'group_by': 'x_partner_id'}")
        etree.SubElement(group, "filter", name="group_by_create_date", string=self.env._("Created on"),
                         context="{'group_by': 'create_date:month'}")
        return root

    def _kanban_arch(self, smart_fields):
        root = etree.Element("kanban")
        templates = etree.SubElement(root, "templates")
        card = etree.SubElement(templates, "t", {"t-name": "card"})
        etree.SubElement(card, "field", {"name": "x_name", "class": "fw-bold fs-5"})
        if self.partner_link:
            etree.SubElement(card, "field", name="x_partner_id")
        for smart_field in smart_fields.filtered(lambda f: f.field_type not in ("binary", "image", "text"))[:3]:
            widget = "many2many_tags" if smart_field.field_type == "tags" else None
            node = etree.SubElement(card, "field", name=smart_field.name)
            if widget:
                node.set("widget", widget)
            if smart_field.group_ids:
                node.set("groups", smart_field._groups_xmlids())
        return root

    def _pivot_arch(self, smart_fields):
        root = etree.Element("pivot", sample="1")
        row = smart_fields.filtered(lambda f: f.field_type in ("selection", "partner") and not f.group_ids)[:1]
        if row:
            etree.SubElement(root, "field", name=row.name, type="row")
        elif self.partner_link:
            etree.SubElement(root, "field", name="x_partner_id", type="row")
        for smart_field in smart_fields.filtered(
                lambda f: f.field_type in ("integer", "float", "monetary") and not f.group_ids)[:2]:
            etree.SubElement(root, "field", name=smart_field.name, type="measure")
        return root

    def _graph_arch(self, smart_fields):
        root = etree.Element("graph", sample="1")
        row = smart_fields.filtered(lambda f: f.field_type in ("selection", "partner") and not f.group_ids)[:1]
        if row:
            etree.SubElement(root, "field", name=row.name)
        else:
            etree.SubElement(root, "field", name="create_date", interval="month")
        return root

    def _calendar_arch(self, date_field):
        root = etree.Element("calendar", date_start=date_field.name, string=self.name, mode="month",
                             quick_create="0")
        etree.SubElement(root, "field", name="x_name")
        if self.partner_link:
            etree.SubElement(root, "field", name="x_partner_id")
        return root

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    @api.model
    def _demo_populate(self, events_id, visits_id):
        """Fields and a few hundred records for the two demo databases."""
        import datetime  # noqa: PLC0415
        import random  # noqa: PLC0415

        rng = random.Random(20261123)
        partners = self.env["res.partner"].search([("country_id.code", "=", "JP"), ("is_company", "=", False)])
        Field = self.env["smart.field"]
        today = datetime.date.today()
        events, visits = self.browse(events_id), self.browse(visits_id)

        def add(database, label, name, field_type, sequence, choices=()):
            return Field.create({
                "label": label, "name": name, "field_type": field_type, "model_id": database.model_id.id,
                "sequence": sequence, "choice_ids": [Command.create({"label": c, "sequence": i})
                                                     for i, c in enumerate(choices)]})

        e_name = add(events, "イベント名", "x_event", "selection", 10,
                     ["新春セミナー", "試食会", "春の展示会", "料理教室"])
        e_date = add(events, "参加日", "x_event_date", "date", 20)
        e_seats = add(events, "人数", "x_seats", "integer", 30)
        e_kind = add(events, "参加区分", "x_kind", "selection", 40, ["一般", "招待", "スタッフ"])
        e_email = add(events, "連絡先メール", "x_contact_email", "email", 50)
        surnames = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
        given = ["太郎", "花子", "健", "美咲", "翔", "陽菜", "大輔", "さくら", "蓮", "結衣"]
        self.env[events.model].create([{
            "x_name": f"{rng.choice(surnames)} {rng.choice(given)}",
            "x_partner_id": rng.choice(partners).id if partners and rng.random() < 0.4 else False,
            e_name.name: rng.choice(e_name.choice_ids).id,
            e_date.name: today - datetime.timedelta(days=rng.randint(0, 120)),
            e_seats.name: rng.randint(1, 4),
            e_kind.name: rng.choice(e_kind.choice_ids).id,
            e_email.name: f"guest{i}@example.jp",
        } for i in range(240)])

        v_store = add(visits, "店舗", "x_store", "selection", 10, ["渋谷店", "梅田店", "栄店", "博多店"])
        v_date = add(visits, "来店日", "x_visit_date", "date", 20)
        v_amount = add(visits, "購入金額", "x_amount", "monetary", 30)
        v_first = add(visits, "初回来店", "x_first_visit", "boolean", 40)
        v_note = add(visits, "メモ", "x_note", "text", 50)
        notes = ["新商品について質問あり", "ポイントカード作成", "ギフト包装を希望", "", "次回予約あり"]
        self.env[visits.model].create([{
            "x_name": f"来店 {i + 1:04d}",
            "x_partner_id": rng.choice(partners).id if partners else False,
            v_store.name: rng.choice(v_store.choice_ids).id,
            v_date.name: today - datetime.timedelta(days=rng.randint(0, 90)),
            v_amount.name: rng.choice([800, 1200, 2500, 3800, 5400, 9800]),
            v_first.name: rng.random() < 0.2,
            v_note.name: rng.choice(notes) or False,
        } for i in range(360)])


class SmartField(models.Model):
    """Custom fields on databases: every database's model takes them, the
    database builds its own views from them (search box, kanban, pivot,
    graph, calendar) and its form shows them as its details."""

    _inherit = "smart.field"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _allowed_target_models(self):
        databases = self.env["smart.database"].sudo().with_context(active_test=False).search(
            [("model_id", "!=", False)])
        return [*super()._allowed_target_models(), *databases.mapped("model")]

    @api.model
    def _smart_views_changed(self, model_name, exclude):
        res = super()._smart_views_changed(model_name, exclude)
        database = self.env["smart.database"].sudo().with_context(active_test=False).search(
            [("model", "=", model_name)])
        if database:
            database.with_context(smart_field_excluded_ids=exclude.ids)._generate_views()
        return res

    @api.model
    def _generated_view_options(self, model_name):
        options = super()._generated_view_options(model_name)
        if model_name.startswith(MODEL_PREFIX):
            options.update(page=self.env._("Details"), list_optional="show")
        return options
