from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_smart_base.tools.convert import normalize_text


def header_key(header):
    """The form of a column header that mapping compares (width and case folded, trimmed)."""
    return normalize_text(str(header) if header is not None else "").casefold()


class SmartFieldAlias(models.Model):
    """Another header a column of a field may have in an uploaded file
    (氏名, 名前 or お名前 for the name), besides the field's label and technical
    name, in any language: uploads map such columns to the field."""

    _name = "smart.field.alias"
    _description = "Column header alias"
    _order = "model_id, field_name, name, id"

    name = fields.Char(string="Header", required=True,
                       help="Compared whatever its case and the width of its characters.")
    model_id = fields.Many2one("ir.model", ondelete="cascade", index=True,
                               domain=lambda self: [("model", "in", self.env["smart.field"]._allowed_target_models())],
                               help="Leave empty to use the alias on customers and every database having the field.")
    field_name = fields.Char(string="Field", required=True,
                             help="Technical name of the field, such as name, x_name, x_partner_id or a custom "
                                  "field's x_ name.")
    active = fields.Boolean(default=True)

    @api.constrains("name", "model_id", "field_name")
    def _check_alias(self):
        for alias in self:
            if not header_key(alias.name):
                raise ValidationError(self.env._("An alias needs a header."))
            if alias.model_id and alias.field_name not in self.env[alias.model_id.model]._fields:
                raise ValidationError(self.env._("%(model)s has no field %(field)s.",
                                                 model=alias.model_id.name, field=alias.field_name))
            same = self.search([("id", "!=", alias.id), ("model_id", "=", alias.model_id.id),
                                ("field_name", "!=", alias.field_name)])
            if any(header_key(other.name) == header_key(alias.name) for other in same):
                raise ValidationError(self.env._("The header “%s” is already an alias of another field.", alias.name))

    @api.model
    def _aliases(self, model_name):
        """{header key: field name} of the aliases of ``model_name``'s fields; an
        alias given for this model wins over one given for every model."""
        result = {}
        aliases = self.sudo().search(["|", ("model_id", "=", False), ("model_id.model", "=", model_name)])
        for alias in aliases.sorted(lambda alias: not alias.model_id):
            if alias.field_name in self.env[model_name]._fields:
                result.setdefault(header_key(alias.name), alias.field_name)
        return result
