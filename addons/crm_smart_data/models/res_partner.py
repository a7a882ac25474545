from odoo import models

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
