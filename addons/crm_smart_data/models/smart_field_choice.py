import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.labels import clean_label


class SmartFieldChoice(models.Model):
    """One option of a single or multiple choice customer field.

    Records store the choice itself (a many2one or many2many to this model), so
    relabelling or reordering a choice never touches customer data.
    """
    _name = "smart.field.choice"
    _description = "Custom Field Choice"
    _order = "smart_field_id, sequence, id"
    _rec_name = "label"

    smart_field_id = fields.Many2one("smart.field", string="Field", required=True, index=True,
                                     ondelete="cascade")
    label = fields.Char(required=True, translate=True)
    value = fields.Char(string="Technical Value", readonly=True, copy=False, index=True,
                        default=lambda self: uuid.uuid4().hex[:12],
                        help="Stable identifier of the choice, kept when the label changes; "
                             "use it in integrations.")
    sequence = fields.Integer(default=10)
    color = fields.Integer(default=0)

    _value_unique = models.Constraint("UNIQUE(smart_field_id, value)",
                                      "The technical value of a choice must be unique per field.")

    @api.constrains("label", "smart_field_id")
    def _check_label(self):
        for choice in self:
            label = clean_label(choice.label or "")
            if not label:
                raise ValidationError(self.env._("A choice needs a label."))
            same = choice.smart_field_id.choice_ids.filtered(
                lambda other, label=label, choice=choice: other != choice and clean_label(other.label or "") == label)
            if same:
                raise ValidationError(self.env._("The choice “%(label)s” is defined twice in the field “%(field)s”.",
                                                 label=label, field=choice.smart_field_id.label))

    @api.model_create_multi
    def create(self, vals_list):
        self.env["smart.field"]._check_smart_admin()
        for vals in vals_list:
            if vals.get("label"):
                vals["label"] = clean_label(vals["label"])
        return super().create(vals_list)

    def write(self, vals):
        self.env["smart.field"]._check_smart_admin()
        if "smart_field_id" in vals and any(choice.smart_field_id.id != vals["smart_field_id"] for choice in self):
            raise UserError(self.env._("A choice cannot be moved to another field."))
        if vals.get("label"):
            vals["label"] = clean_label(vals["label"])
        defaults = self.filtered(lambda choice: vals.get("label")
                                 and choice.smart_field_id.default_value == choice.label).smart_field_id
        res = super().write(vals)
        # a default given by the label follows the relabelled choice
        defaults.with_context(smart_field_internal=True).write({"default_value": vals.get("label")})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["smart.field"]._check_smart_admin()
        for field in self.smart_field_id:
            if self.env.context.get("smart_field_unlinking") or not field.field_id:
                continue
            choices = self.filtered(lambda choice, field=field: choice.smart_field_id == field)
            default = choices.filtered(lambda choice, field=field: field.default_value in (choice.label, choice.value))
            if default:
                raise UserError(self.env._("The choice “%(choice)s” is the default value of the field “%(field)s”; "
                                           "change the default first.", choice=default.label, field=field.label))
            count = field._count_records_with_choices(choices)
            if count:
                raise UserError(self.env._(
                    "The choice “%(choice)s” of the field “%(field)s” is used by %(count)s record(s); "
                    "change those records first.",
                    choice=", ".join(choices.mapped("label")), field=field.label, count=count))
