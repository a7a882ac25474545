from odoo import api, fields, models
from odoo.exceptions import UserError

# The channels a customer consents to, defined once: the consent history, the
# current consent stored on the customer and the views all use this list.
CONSENT_CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("post", "Post"),
    ("phone", "Phone"),
]
CONSENT_METHODS = [
    ("form", "Sign-up form"),
    ("counter", "At the counter"),
    ("upload", "Upload"),
    ("import", "Import"),
    ("unsubscribe", "Unsubscribe link"),
    ("other", "Other"),
]


def consent_field(channel):
    """Name of the res.partner field holding the current consent on ``channel``."""
    return f"smart_consent_{channel}"


class SmartConsent(models.Model):
    """One statement of consent, given or withdrawn, by a customer for one channel.

    The history is append-only, as the law on specified electronic mail
    (特定電子メール法) expects the sender to keep the record of how and when
    consent was obtained: a correction is a new record, never an edit."""

    _name = "smart.consent"
    _description = "Customer Consent"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade")
    channel = fields.Selection(CONSENT_CHANNELS, required=True, default="email")
    state = fields.Selection([("given", "Given"), ("withdrawn", "Withdrawn")], required=True, default="given",
                             string="Consent")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    method = fields.Selection(CONSENT_METHODS, required=True, default="counter",
                              help="How the customer gave or withdrew consent: the law asks for a record of it.")
    source_file_name = fields.Char(help="Name of the uploaded or imported file the consent came from.")
    wording = fields.Text(help="The text shown to the customer when consent was asked.")
    note = fields.Char()
    user_id = fields.Many2one("res.users", string="Recorded by", default=lambda self: self.env.user,
                              readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("method") in ("upload", "import") and not vals.get("source_file_name"):
                raise UserError(self.env._("A consent from an upload or an import names the file it came from."))
            # the author is who records the consent, whatever the values say
            vals["user_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._(
                "A consent record cannot be changed: record a new consent or withdrawal instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(
            "A consent record cannot be deleted: the consent history is kept for the law on "
            "specified electronic mail."))

    @api.private
    def _record(self, partners, state, method, channel="email", wording=None, source_file_name=None, note=None):
        """Record one consent statement per customer of ``partners``."""
        return self.create([{
            "partner_id": partner.id,
            "channel": channel,
            "state": state,
            "method": method,
            "wording": wording,
            "source_file_name": source_file_name,
            "note": note,
        } for partner in partners])
