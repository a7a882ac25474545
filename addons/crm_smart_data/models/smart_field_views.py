from lxml import etree

from odoo import api, models
from odoo.tools.translate import xml_translate

TEXT_SEARCH_TYPES = ("char", "text", "email", "phone", "url")
DATE_TYPES = ("date", "datetime")
GROUP_BY_TYPES = ("selection", "tags", "partner", "record", "boolean")
# a single-choice field with at most this many choices gets one search filter per choice
MAX_CHOICE_FILTERS = 12
# field type -> widget of the generated form and list views
WIDGETS = {
    "selection": "many2one", "tags": "many2many_tags", "email": "email", "phone": "smart_phone",
    "url": "url", "binary": "binary", "image": "image", "boolean": "boolean_toggle",
}


class SmartField(models.Model):
    """The views that show the custom fields of a target model: an extension
    of its form, list and search views, rewritten whenever its fields change.
    Models that build views of their own from the custom fields extend
    :meth:`_smart_views_changed` and :meth:`_generated_view_options`."""

    _inherit = "smart.field"  # pylint: disable=consider-merging-classes-inherited

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

    def _regenerate_views(self, model_names=None, exclude=None):
        """Rebuild the views that show the custom fields of the given models."""
        for model_name in model_names or set(self.mapped("model")):
            domain = [("model", "=", model_name), ("field_id", "!=", False)]
            if exclude:
                domain.append(("id", "not in", exclude.ids))
            smart_fields = self.sudo().with_context(active_test=False).search(domain)
            self._smart_views_changed(model_name, exclude or self.browse())
            for view_type, base_view in self._target_base_views(model_name).items():
                self._write_generated_view(model_name, view_type, base_view, smart_fields)

    @api.model
    def _smart_views_changed(self, model_name, exclude):
        """Hook called when the custom fields of ``model_name`` change, before
        its generated views are rewritten; ``exclude`` holds the custom fields
        being deleted, which no longer count. Does nothing here."""

    @api.model
    def _generated_view_options(self, model_name):
        """How the generated views of ``model_name`` show its custom fields:
        ``page``, the label of the form's page, and ``list_optional``, whether
        list columns show (``show``) or are hidden until chosen (``hide``)."""
        return {"page": self.env._("Smart CRM"), "list_optional": "hide"}

    @api.model
    def _smart_write_arch(self, view, build, values=None):
        """Write the generated view ``view`` (or create one with ``values``) in every active language.

        ``build(env)`` returns the arch in the language of ``env``: the view is written from the English
        arch, and the terms of each other language's arch become the view's translations, so that every
        user reads its labels (buttons, pages, filters, field labels and sections) in their own language,
        whoever generated it. Returns the view."""
        def terms(arch):
            found = []
            xml_translate(found.append, arch)
            return found

        english = etree.tostring(build(self.sudo().with_context(lang="en_US").env), encoding="unicode")
        view = view.sudo().with_context(lang="en_US")
        if not view:
            view = view.create({**values, "arch_db": english})
        elif view.arch_db != english:
            view.write({"arch_db": english})
        source_terms = terms(english)
        for lang, _name in self.env["res.lang"].get_installed():
            if lang == "en_US":
                continue
            local = terms(etree.tostring(build(self.sudo().with_context(lang=lang).env), encoding="unicode"))
            if len(local) != len(source_terms):
                continue  # a label that splits into a different number of terms: the view shows English
            mapping = {source: term for source, term in zip(source_terms, local) if source != term}
            if mapping:
                view.update_field_translations("arch_db", {lang: mapping})
        return view

    @api.model
    def _write_generated_view(self, model_name, view_type, base_view, smart_fields):
        xmlid = f"smart_field_view_{model_name.replace('.', '_')}_{view_type}"
        view = self.env.ref(f"crm_smart_data.{xmlid}", raise_if_not_found=False)
        view = view.sudo() if view else self.env["ir.ui.view"].sudo()
        if not smart_fields:
            view.unlink()
            return
        exists = bool(view)
        view = self._smart_write_arch(
            view,
            lambda env: getattr(self.with_env(env), f"_build_{view_type}_arch")(smart_fields.with_env(env)),
            {"name": f"{model_name}.{view_type}.smart_fields", "model": model_name, "type": view_type,
             "mode": "extension", "inherit_id": base_view.id, "priority": 99})
        if exists:
            return
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
        page = etree.SubElement(xpath, "page", name="smart_fields",
                                string=self._generated_view_options(smart_fields[:1].model)["page"])
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
        optional = self._generated_view_options(smart_fields[:1].model)["list_optional"]
        for smart_field in smart_fields.sorted(lambda f: (f.sequence, f.id)):
            if smart_field.field_type in ("binary", "image"):
                continue
            widget = WIDGETS.get(smart_field.field_type)
            widget = None if smart_field.field_type == "boolean" else widget
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
            elif smart_field.field_type == "selection" and smart_field.choice_ids:
                # one filter per choice, as Odoo's own selection fields have (filters of one field
                # combine with "or"); a long list of choices stays a search field and a group-by
                choices = smart_field.choice_ids.sorted(lambda choice: (choice.sequence, choice.id))
                if len(choices) <= MAX_CHOICE_FILTERS:
                    etree.SubElement(xpath, "separator")
                    for choice in choices:
                        etree.SubElement(xpath, "filter", name=f"smart_filter_{smart_field.name}_{choice.id}",
                                         string=choice.label, domain=repr([(smart_field.name, "=", choice.id)]),
                                         **attrs)
                    etree.SubElement(xpath, "separator")
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
