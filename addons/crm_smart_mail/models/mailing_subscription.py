from odoo import api, models


class MailingSubscription(models.Model):
    _inherit = "mailing.subscription"

    @api.model_create_multi
    def create(self, vals_list):
        list_ids = {vals.get("list_id") for vals in vals_list}
        self.env["mailing.list"].browse(list_ids)._smart_check_not_frozen()
        return super().create(vals_list)

    def unlink(self):
        self.list_id._smart_check_not_frozen()
        return super().unlink()

