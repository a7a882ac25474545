from odoo import fields, models


def download_action(record, field="file", filename_field="filename"):
    """The client action downloading the binary ``field`` of ``record``."""
    record.ensure_one()
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content?model={record._name}&id={record.id}&field={field}"
               f"&filename_field={filename_field}&download=true",
        "target": "self",
    }


class SmartFileDownload(models.TransientModel):
    """A generated file (export, cross-tab, rejected rows) offered for download."""

    _name = "smart.file.download"
    _description = "Smart CRM file download"

    file = fields.Binary(readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    def action_download(self):
        return download_action(self)
