from odoo import fields, models


class SmartImportWizardColumn(models.TransientModel):
    _inherit = "smart.import.wizard.column"

    # the external reference of a visit is set by imports only, but a file's column may be mapped to it
    field_id = fields.Many2one(
        domain="[('model_id', '=', parent.model_id), ('store', '=', True), "
               "'|', ('readonly', '=', False), '&', ('model', '=', 'smart.visit'), ('name', '=', 'external_ref'), "
               "('name', 'not in', ['id', 'create_uid', 'create_date', 'write_uid', 'write_date'])]")
