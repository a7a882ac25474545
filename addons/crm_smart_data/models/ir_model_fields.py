from odoo import fields, models


class IrModelFields(models.Model):
    _inherit = "ir.model.fields"

    smart_groups = fields.Char(
        string="Visible To (Smart CRM)", readonly=True,
        help="External ids of the groups allowed to see a custom field defined in Smart CRM.")

    def _instanciate_attrs(self, field_data):
        attrs = super()._instanciate_attrs(field_data)
        if attrs is not None and field_data.get("smart_groups"):
            attrs["groups"] = field_data["smart_groups"]
        return attrs
