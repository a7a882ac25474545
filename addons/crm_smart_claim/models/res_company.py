from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    smart_inquiry_escalation_days = fields.Integer(
        string="Escalate Inquiries After (Days)", default=3,
        help="An inquiry still open this many days after it came in is escalated: its alert says so "
             "and the owner's team leader gets an activity. 0 turns escalation off.")
