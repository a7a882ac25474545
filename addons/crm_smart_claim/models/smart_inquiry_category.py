from odoo import fields, models


class SmartInquiryCategory(models.Model):
    _name = "smart.inquiry.category"
    _description = "Inquiry category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
