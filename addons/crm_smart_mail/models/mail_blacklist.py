from odoo import models


class MailBlacklist(models.Model):
    _inherit = "mail.blacklist"

    def _add(self, email, message=None):
        """Unsubscribing from everything withdraws the consent to email of the
        customers with that address: the history shows when and how."""
        record = super()._add(email, message=message)
        partners = self.env["res.partner"].sudo().search([
            ("email_normalized", "=", record.email), ("smart_consent_email", "=", "given")])
        if partners:
            self.env["smart.consent"].sudo()._record(partners, "withdrawn", "unsubscribe")
        return record
