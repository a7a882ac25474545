import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


class SmartFieldDeleteWizard(models.TransientModel):
    """Delete a custom field after offering an export of its data."""
    _name = "smart.field.delete.wizard"
    _description = "Delete a Custom Field"

    smart_field_id = fields.Many2one("smart.field", string="Field", required=True, ondelete="cascade")
    record_count = fields.Integer(string="Records With a Value", compute="_compute_record_count")
    export_file = fields.Binary(string="Export", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)
    confirm = fields.Boolean(string="I understand that the values are deleted for good")
    warning = fields.Text(compute="_compute_record_count")

    @api.depends("smart_field_id")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard.smart_field_id._read_values()) if wizard.smart_field_id.field_id else 0
            # one sentence, so that each language keeps its own word order
            wizard.warning = self.env._(
                "Deleting the field “%(field)s” removes it from every record: %(count)s record(s) have a value. "
                "Download the values first if you may need them.",
                field=wizard.smart_field_id.label or "", count=f"{wizard.record_count:,}")

    def action_export(self):
        self.ensure_one()
        smart_field = self.smart_field_id
        self.write({
            "export_file": base64.b64encode(smart_field._export_xlsx()),
            "export_filename": f"{smart_field.model}-{smart_field.name}.xlsx",
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/export_file/{self.export_filename}?download=true",
            "target": "download",
        }

    def action_delete(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(self.env._("Tick the confirmation to delete the field “%(field)s”.",
                                       field=self.smart_field_id.label))
        self.smart_field_id.unlink()
        return self.env["ir.actions.act_window"]._for_xml_id("crm_smart_data.smart_field_action")
