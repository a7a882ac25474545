from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action


class SmartDatabaseDeleteWizard(models.TransientModel):
    """Deleting a database drops its records: offer their export first, then ask
    the administrator to confirm by typing the database's name."""

    _name = "smart.database.delete.wizard"
    _description = "Delete a Smart CRM database"

    database_id = fields.Many2one("smart.database", required=True, ondelete="cascade")
    record_count = fields.Integer(related="database_id.record_count")
    warning = fields.Text(compute="_compute_warning")
    confirmation = fields.Char(help="Type the name of the database to confirm.")
    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)
    exported = fields.Boolean(readonly=True)

    @api.depends("record_count")
    def _compute_warning(self):
        for wizard in self:
            # one sentence, so that each language keeps its own word order
            wizard.warning = self.env._(
                "Deleting the database removes its %(count)s records, fields, views and menu. Download the "
                "records first if you may need them.", count=f"{wizard.record_count:,}")

    def action_export(self):
        self.ensure_one()
        database = self.database_id
        # phone numbers as shown and as stored: nothing of the records is lost
        content = self.env["smart.data.io"].export_xlsx(
            database.model, domain=[("x_active", "in", [True, False])], phone_e164=True)
        self.write({"file": content, "filename": f"{database.name}.xlsx", "exported": True})
        return download_action(self)

    def action_delete(self):
        self.ensure_one()
        database = self.database_id
        if (self.confirmation or "").strip() != database.name:
            raise UserError(self.env._("Type the name of the database, %s, to confirm the deletion.", database.name))
        database.unlink()
        return {"type": "ir.actions.client", "tag": "reload"}
