from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # what an upload may hold and cost (smart_data_upload.UPLOAD_LIMITS)
    smart_upload_max_part_mb = fields.Integer(
        string="Maximum size of a part", config_parameter="crm_smart_data.upload_max_part_mb", default=200,
        help="Megabytes each part of an XLSX workbook may take once uncompressed.")
    smart_upload_max_file_mb = fields.Integer(
        string="Maximum size of a file", config_parameter="crm_smart_data.upload_max_file_mb", default=500,
        help="Megabytes an uploaded file may take once uncompressed, all its parts together.")
    smart_upload_max_rows = fields.Integer(
        string="Maximum rows", config_parameter="crm_smart_data.upload_max_rows", default=1000000)
    smart_upload_max_columns = fields.Integer(
        string="Maximum columns", config_parameter="crm_smart_data.upload_max_columns", default=500)
    smart_upload_max_cell_length = fields.Integer(
        string="Maximum cell length", config_parameter="crm_smart_data.upload_max_cell_length", default=32767,
        help="Characters one cell may hold (Excel's own limit is 32,767).")
    smart_upload_max_seconds = fields.Integer(
        string="Maximum upload time", config_parameter="crm_smart_data.upload_max_seconds", default=600,
        help="Seconds reading and writing one uploaded file may take.")
    smart_upload_background_kb = fields.Integer(
        string="Background uploads from", config_parameter="crm_smart_data.upload_background_kb", default=2048,
        help="Files of this many KB or more are uploaded in the background, with a progress bar: "
             "the user may leave the upload dialog and is told when it ends.")
    smart_download_background_records = fields.Integer(
        string="Background downloads from", config_parameter="crm_smart_data.download_background_records",
        default=20000,
        help="Downloads and cross-tabs of this many records or more are made in the background, with a progress "
             "bar: the user may leave the dialog and is told when the file is ready.")
