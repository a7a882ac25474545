from odoo import models


class SmartMailTargetMixin(models.AbstractModel):
    """Makes a Smart CRM database a mailing target as soon as it has an email
    field and a discussion (Email Marketing tracks its mails only on models
    with a chatter): mailings go to the address in its first email field.
    Decided when asked, not when the registry builds the model, so that adding
    or removing an email field takes effect at once.

    Database models inherit it through ``ir.model._instanciate_attrs``."""

    _name = "smart.mail.target.mixin"
    _description = "Database Mailable by Email"

    @property
    def _mailing_enabled(self):
        return isinstance(self, self.pool["mail.thread"]) and bool(self._smart_email_field())

    @property
    def _primary_email(self):
        return self._smart_email_field() or None

    def _smart_email_field(self):
        emails = sorted(name for name, kind in self.env["smart.field"].sudo()._normalized_fields(self._name).items()
                        if kind == "email" and name in self._fields)
        return emails[0] if emails else False
