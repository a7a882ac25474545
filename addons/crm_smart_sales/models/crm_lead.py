from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    smart_alert_html = fields.Html(related="partner_id.smart_alert_html", string="Customer Alerts")
