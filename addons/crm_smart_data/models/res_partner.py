from odoo import api, models

from odoo.addons.crm_smart_base.tools import convert


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "smart.field.target.mixin"]

    def _phone_format_number(self, number, country, force_format="E164", raise_exception=False):
        """Japanese numbers of the common shapes (03-1234-5678, 090 1234 5678,
        +81 …) in E.164 without the phone parser, which phone_validation runs
        for the stored number (phone_sanitized) of every customer created or
        changed: a large part of the time of a customer upload. The result is what the
        parser gives (crm_smart_base's tools.convert reads phonenumbers' own rules
        of a valid number); every other number and format goes to the parser."""
        if force_format == "E164" and country and country.code == "JP":
            fast = convert.jp_phone_e164(number)
            if fast:
                return fast
        return super()._phone_format_number(number, country, force_format=force_format,
                                            raise_exception=raise_exception)

    @api.model
    def _smart_upload_create_values(self, field_names):
        """A customer's salesperson is copied from its parent company, and
        computed before the customer is created, which costs a record in memory
        per row of an upload. Without a salesperson or a parent column, nor a
        default for either, it stays empty: given as such, unless another
        module computes other fields before creation too."""
        values = super()._smart_upload_create_values(field_names)
        if {"user_id", "parent_id"} & set(field_names) or self.default_get(["user_id", "parent_id"]):
            return values
        # the properties are always given with the defaults (see _add_missing_default_values)
        if [name for name, field in self._fields.items() if field.precompute and field.type != "properties"] \
                != ["user_id"]:
            return values
        return {**values, "user_id": False}
