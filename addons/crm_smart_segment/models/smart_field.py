from odoo import models


class SmartField(models.Model):
    """A custom field deleted while segments use it breaks those segments,
    with the reason, instead of leaving them to count more customers than
    their conditions said."""

    _inherit = "smart.field"

    def unlink(self):
        self.env["smart.segment"]._mark_broken_by_fields(self.sudo().field_id)
        return super().unlink()
