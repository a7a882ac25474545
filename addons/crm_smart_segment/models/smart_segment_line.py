from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

#: models never offered for related-record conditions: Odoo's own machinery
#: and the customer and its users themselves
TECHNICAL_PREFIXES = ("ir.", "res.", "mail.", "bus.", "base.", "base_", "web", "auth", "iap.", "digest.",
                      "discuss.", "privacy.", "portal.", "onboarding.", "html_editor.", "spreadsheet.")
#: names of the customer link preferred when a model has several
PREFERRED_LINKS = ("partner_id", "x_partner_id")


class SmartSegmentLine(models.Model):
    """A condition of a segment on records of another kind: "has (or has no)
    record in model M linked to the customer through field F matching
    domain D" — a visit of a Smart CRM database, a survey answer, a daily
    report line, an alert, a value card. M is any model the user may read
    that links to customers; the records are searched with the user's
    access rights and record rules."""

    _name = "smart.segment.line"
    _description = "Segment Related-Record Condition"
    _order = "segment_id, sequence, id"

    segment_id = fields.Many2one("smart.segment", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="segment_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    match = fields.Selection([("has", "Has a record"), ("has_not", "Has no record")], required=True,
                             default="has")
    # not required, and kept when deleted: a condition that lost its model breaks its segment
    # instead of disappearing and widening it
    model_id = fields.Many2one("ir.model", string="Records Of", ondelete="set null",
                               domain="[('id', 'in', allowed_model_ids)]")
    model_name = fields.Char(related="model_id.model", string="Model Name")
    allowed_model_ids = fields.Many2many("ir.model", compute="_compute_allowed_model_ids")
    link_field_id = fields.Many2one(
        "ir.model.fields", string="Linked Through", ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), ('relation', '=', 'res.partner'), "
               "('store', '=', True)]",
        help="The field of these records that names the customer.")
    domain = fields.Char(string="Matching", required=True, default="[]",
                         help="Conditions on these records; empty for any record.")

    @api.depends_context("uid")
    def _compute_allowed_model_ids(self):
        self.allowed_model_ids = self.env["ir.model"].sudo().search([("model", "in", self._allowed_models())])

    @api.onchange("model_id")
    def _onchange_model_id(self):
        if self.link_field_id.model_id != self.model_id:
            self.link_field_id = self._default_link_field(self.model_id.model)
            self.domain = "[]"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.segment_id._check_conditions()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if {"model_id", "link_field_id", "match", "domain", "segment_id"} & set(vals):
            self.segment_id._check_conditions()
        return result

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @api.model
    def _allowed_models(self):
        """Models the user may read that link to customers through a stored many2one."""
        links = self.env["ir.model.fields"].sudo().search_fetch(
            [("ttype", "=", "many2one"), ("relation", "=", "res.partner"), ("store", "=", True)], ["model"])
        names = []
        for name in sorted(set(links.mapped("model"))):
            model = self.env.get(name)
            if (model is None or model._transient or model._abstract or name.startswith(TECHNICAL_PREFIXES)
                    or not model.has_access("read")):
                continue
            names.append(name)
        return names

    @api.model
    def _default_link_field(self, model_name):
        if not model_name:
            return self.env["ir.model.fields"]
        links = self.env["ir.model.fields"].sudo().search(
            [("model", "=", model_name), ("ttype", "=", "many2one"), ("relation", "=", "res.partner"),
             ("store", "=", True)])
        preferred = links.filtered(lambda f: f.name in PREFERRED_LINKS)
        return preferred[:1] or links[:1]

    def _partner_domain(self):
        """This condition as a res.partner domain: ``any``/``not any`` on the
        customer's one2many to these records where there is one, else
        ``('id', 'in'|'not in', <subquery of the linked customers>)``; both
        search the records with the user's rights and record rules."""
        self.ensure_one()
        if not self.model_id or not self.link_field_id or self.model_name not in self.env:
            raise UserError(self.env._(
                "A related-record condition of segment “%(name)s” lost its records or its customer link "
                "(deleted): change or remove it.", name=self.segment_id.name))
        model = self.env[self.model_name]
        link = model._fields.get(self.link_field_id.name)
        if link is None or link.type != "many2one" or link.comodel_name != "res.partner" or not link.store:
            raise UserError(self.env._("“%(field)s” does not link %(model)s to customers.",
                                       field=self.link_field_id.field_description, model=model._description))
        if self.model_name not in self._allowed_models():
            raise UserError(self.env._("You may not use the records of %(model)s in a segment.",
                                       model=model._description))
        if not model._has_field_access(link, "read"):
            raise UserError(self.env._("You may not use the field “%(field)s” of %(model)s in a segment.",
                                       field=link._description_string(self.env), model=model._description))
        domain = self.env["smart.segment"]._eval_domain(self.domain, self.model_name)
        has = self.match == "has"
        inverse = self._inverse_field(link)
        if inverse:
            return Domain(inverse.name, "any" if has else "not any", domain)
        query = model._search(domain & Domain(link.name, "!=", False))
        return Domain("id", "in" if has else "not in", query.subselect(link.name))

    @api.model
    def _inverse_field(self, link):
        """The one2many of res.partner that is exactly the inverse of ``link``
        (no domain of its own) and that the user may read, if any."""
        Partner = self.env["res.partner"]
        for field in Partner._fields.values():
            if (field.type == "one2many" and field.comodel_name == link.model_name
                    and field.inverse_name == link.name and not field.domain and not field.context
                    and Partner._has_field_access(field, "read")):
                return field
        return None
