from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from .smart_consent import CONSENT_CHANNELS, consent_field

CONSENT_STATES = [("none", "Not recorded"), ("given", "Given"), ("withdrawn", "Withdrawn")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    smart_consent_ids = fields.One2many("smart.consent", "partner_id", string="Consent History")
    smart_consent_email = fields.Selection(CONSENT_STATES, string="Email Consent", compute="_compute_smart_consent",
                                           store=True, index=True)
    smart_consent_sms = fields.Selection(CONSENT_STATES, string="SMS Consent", compute="_compute_smart_consent",
                                         store=True)
    smart_consent_post = fields.Selection(CONSENT_STATES, string="Post Consent", compute="_compute_smart_consent",
                                          store=True)
    smart_consent_phone = fields.Selection(CONSENT_STATES, string="Phone Consent",
                                           compute="_compute_smart_consent", store=True)
    smart_step_enrolment_ids = fields.One2many("smart.step.enrolment", "partner_id", string="Step Mails")

    def _auto_init(self):
        # A database of a million customers gets the columns filled in SQL rather
        # than computed customer by customer: nobody has a consent record yet.
        for channel, _label in CONSENT_CHANNELS:
            column = consent_field(channel)
            if not column_exists(self.env.cr, "res_partner", column):
                create_column(self.env.cr, "res_partner", column, "varchar")
                self.env.cr.execute(SQL("UPDATE res_partner SET %s = 'none'", SQL.identifier(column)))
        return super()._auto_init()

    @api.depends("smart_consent_ids")
    def _compute_smart_consent(self):
        for partner in self:
            current = {}
            for consent in partner.smart_consent_ids.sorted(lambda c: (c.date, c.id)):
                current[consent.channel] = consent.state
            for channel, _label in CONSENT_CHANNELS:
                partner[consent_field(channel)] = current.get(channel, "none")

    def write(self, vals):
        if any(consent_field(channel) in vals for channel, _label in CONSENT_CHANNELS):
            raise UserError(self.env._(
                "A customer's consent follows the consent history: record a consent or a withdrawal instead."))
        return super().write(vals)

    def action_smart_mail_customers(self):
        """Open a new draft mailing to these customers (or to the customers of the
        search the list shows, when the whole search was selected)."""
        domain = [("id", "in", self.ids)]
        search_domain = self.env.context.get("active_domain")
        if search_domain is not None and len(self) >= self.search_count(search_domain):
            # the whole search is selected: the mailing keeps its criteria
            domain = search_domain
        mailing = self.env["mailing.mailing"].create({
            "subject": self.env._("News from %(company)s", company=self.env.company.name),
            "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr(list(domain)),
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_smart_record_consent(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "smart.consent",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def _smart_customer_event(self, event):
        # the customer events start the step mails waiting for them
        result = super()._smart_customer_event(event)
        if event in self.env["smart.step.sequence"]._get_running_triggers():
            self.env["smart.step.sequence"].sudo()._enrol_partners(event, self.sudo())
        return result

    @api.model
    def _smart_customer_event_wanted(self, event):
        return (super()._smart_customer_event_wanted(event)
                or event in self.env["smart.step.sequence"]._get_running_triggers())

    @api.model
    @api.private
    def _smart_mailable_domain(self, channel="email"):
        """Customers who may receive marketing mail on ``channel``: consent given,
        not blacklisted, no bounce since their last reply."""
        return (Domain(consent_field(channel), "=", "given")
                & Domain("is_blacklisted", "=", False)
                & Domain("message_bounce", "in", [0, False]))
