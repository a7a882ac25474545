from odoo import api, fields, models
from odoo.exceptions import UserError


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
        allowed = smart_field._allowed_conversions()
        return [(key, label) for key, label in types if key in allowed]

    @api.depends("smart_field_id")
    def _compute_allowed_types(self):
        labels = dict(self.env["smart.field"]._fields["field_type"]._description_selection(self.env))
        for wizard in self:
            wizard.allowed_types = ", ".join(labels[key] for key in wizard.smart_field_id._allowed_conversions()) \
                or self.env._("none: this type cannot be changed")

    @api.onchange("new_type")
    def _onchange_new_type(self):
        self.previewed_type = False

    def action_preview(self):
        self.ensure_one()
        self._check_new_type()
        count, failed, samples = self.smart_field_id._conversion_preview(self.new_type)
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
        smart_field._change_type(self.new_type)
        return {
            "type": "ir.actions.act_window",
            "res_model": "smart.field",
            "res_id": smart_field.id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_new_type(self):
        if self.new_type not in self.smart_field_id._allowed_conversions():
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
