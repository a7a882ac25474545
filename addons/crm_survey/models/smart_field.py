from odoo import models


class SmartField(models.Model):
    """Deleting a custom field removes its survey links, with a notice on each
    survey; the answers stay."""

    _inherit = "smart.field"  # pylint: disable=consider-merging-classes-inherited

    def unlink(self):
        self.env["survey.question"]._smart_unlink_fields(
            {record.field_id.id: record.label for record in self.sudo() if record.field_id})
        return super().unlink()
