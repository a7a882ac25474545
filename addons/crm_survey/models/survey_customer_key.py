from odoo import api, fields, models
from odoo.tools import SQL


class SurveyCustomerKey(models.Model):
    """One row per normalised email or phone a survey response looked a
    customer up by. Touching the row serialises the responses of one person:
    of two simultaneous responses, the second waits for the first and is then
    retried by the server (PostgreSQL reports a serialisation failure), so it
    finds the customer the first one created instead of creating another."""

    _name = "survey.customer.key"
    _description = "Survey Customer Lookup Key"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    last_used = fields.Datetime(readonly=True)

    _key_unique = models.Constraint("UNIQUE(key)", "A lookup key is recorded once.")

    @api.model
    @api.private
    def _lock(self, keys):
        """Takes the lock of each key (``email:…``, ``phone:…``) until the end of the transaction."""
        for key in sorted(set(keys)):
            self.env.cr.execute(SQL(
                "INSERT INTO survey_customer_key (key, last_used) VALUES (%(key)s, now() AT TIME ZONE 'UTC') "
                "ON CONFLICT (key) DO UPDATE SET last_used = EXCLUDED.last_used",
                key=key))
