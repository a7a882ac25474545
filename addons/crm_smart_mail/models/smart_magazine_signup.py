from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import email_normalize, hash_sign, verify_hash_signed

TOKEN_SCOPE = "crm_smart_mail.magazine_signup"
TOKEN_HOURS = 72
# one confirmation email per address and page in this time; more requests get
# the same answer and no email, so the form cannot be used to flood an inbox
RESEND_MINUTES = 10


class SmartMagazineSignup(models.Model):
    """A sign-up request on a mail-magazine page, waiting for the confirmation
    link (double opt-in) and then the record of who confirmed and when."""

    _name = "smart.magazine.signup"
    _description = "Mail Magazine Sign-up"
    _order = "create_date desc, id desc"
    _rec_name = "email"

    page_id = fields.Many2one("smart.magazine.page", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="page_id.company_id", store=True)
    name = fields.Char(readonly=True)
    email = fields.Char(required=True, readonly=True, index=True)
    state = fields.Selection([("pending", "Waiting for confirmation"), ("confirmed", "Confirmed")],
                             default="pending", required=True, readonly=True)
    confirm_date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, ondelete="set null")
    consent_id = fields.Many2one("smart.consent", readonly=True, ondelete="set null")

    @api.model
    @api.private
    def _request(self, page, email, name=None):
        """Register a sign-up request and send the confirmation link. Answers the
        same way whether the address is known, new, already subscribed or
        invalid, so the page tells nothing about who is a customer."""
        email = email_normalize(email or "")
        if not email:
            return self.browse()
        recent = self.search([
            ("page_id", "=", page.id), ("email", "=", email),
            ("create_date", ">=", fields.Datetime.now() - timedelta(minutes=RESEND_MINUTES)),
        ], limit=1)
        if recent:
            return self.browse()
        signup = self.create({"page_id": page.id, "email": email, "name": (name or "").strip()[:128] or False})
        template = self.env.ref("crm_smart_mail.mail_template_magazine_confirm")
        template.send_mail(signup.id, email_values={"email_to": email}, force_send=False)
        return signup

    @api.private
    def _get_confirm_url(self):
        self.ensure_one()
        token = hash_sign(self.env(su=True), TOKEN_SCOPE, self.id, expiration_hours=TOKEN_HOURS)
        return f"{self.page_id.get_base_url()}/smart/magazine/confirm/{token}"

    @api.model
    @api.private
    def _from_token(self, token):
        try:
            signup_id = verify_hash_signed(self.env(su=True), TOKEN_SCOPE, token)
        except (ValueError, TypeError):
            return self.browse()
        if not isinstance(signup_id, int):
            return self.browse()
        return self.browse(signup_id).exists()

    @api.private
    def _confirm(self):
        """The visitor clicked the link: find or create the customer, record the
        consent with the page's wording, subscribe them to the page's list.
        Confirming twice changes nothing."""
        self.ensure_one()
        if self.state == "confirmed":
            return self.partner_id
        Partner = self.env["res.partner"]
        partner = Partner.search([("email_normalized", "=", self.email)], limit=1, order="id")
        if not partner:
            partner = Partner.create({"name": self.name or self.email, "email": self.email,
                                      "company_id": False})
        consent = self.env["smart.consent"]._record(
            partner, "given", "form", wording=self.page_id.wording,
            note=self.env._("Sign-up page: %(page)s", page=self.page_id.name))
        if self.env["mail.blacklist"].search_count([("email", "=", self.email)]):
            # confirming a sign-up is a new, explicit request to be mailed
            self.env["mail.blacklist"]._remove(
                self.email,
                message=self.env._("Subscribed again on the sign-up page %(page)s", page=self.page_id.name))
        mailing_list = self.page_id.list_id
        Contact = self.env["mailing.contact"]
        Contact._smart_sync_partners(Partner.with_context(active_test=False)._search([("id", "=", partner.id)]))
        contact = Contact.search([("smart_partner_id", "=", partner.id)], limit=1)
        subscription = contact.subscription_ids.filtered(lambda s: s.list_id == mailing_list)
        if subscription:
            subscription.opt_out = False
        else:
            self.env["mailing.subscription"].create({"contact_id": contact.id, "list_id": mailing_list.id})
        self.write({"state": "confirmed", "confirm_date": fields.Datetime.now(), "partner_id": partner.id,
                    "consent_id": consent.id})
        return partner
