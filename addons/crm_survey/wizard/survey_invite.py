
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_smart_base.tools.domain import parse_domain


class SurveyInvite(models.TransientModel):
    """Odoo's invitation dialog, plus customers chosen by a filter on any field
    and an invitation wave that counts the responses and sends one reminder."""

    _inherit = "survey.invite"

    customer_domain = fields.Char(
        string="Customers Matching", default="[]",
        help="Invite every customer this filter finds, in addition to the recipients above.")
    customer_count = fields.Integer(string="Customers Found", compute="_compute_customer_count")
    reminder_days = fields.Integer(
        string="Remind After (Days)", default=0,
        help="Those who have not answered after this many days receive one reminder; 0 sends none.")

    @api.depends("customer_domain")
    def _compute_customer_count(self):
        for wizard in self:
            try:
                domain = wizard._customer_domain()
            except UserError:
                domain = None
            wizard.customer_count = self.env["res.partner"].search_count(domain) if domain else 0

    def action_invite(self):
        self.ensure_one()
        if self.reminder_days < 0:
            raise UserError(self.env._("The number of days before the reminder cannot be negative."))
        domain = self._customer_domain()
        if domain:
            self.partner_ids |= self.env["res.partner"].search(domain)
        return super().action_invite()

    def _prepare_answers(self, partners, emails):
        answers = super()._prepare_answers(partners, emails)
        pending = answers.filtered(lambda answer: answer.state != "done")
        if pending:
            count = self.env["survey.invite.wave"].search_count([("survey_id", "=", self.survey_id.id)])
            wave = self.env["survey.invite.wave"].create({
                "survey_id": self.survey_id.id,
                "name": self.env._("Wave %(number)s", number=count + 1),
                "reminder_days": self.reminder_days,
            })
            pending.sudo().invite_wave_id = wave
        return answers

    def _customer_domain(self):
        """The customer filter as a domain; none when it is empty (never every customer by mistake)."""
        self.ensure_one()
        if not self.customer_domain or self.customer_domain.strip() in ("[]", ""):
            return None
        try:
            domain = parse_domain(self.env, self.customer_domain)
            self.env["res.partner"]._search(domain)
        except (ValueError, SyntaxError, TypeError):
            raise UserError(self.env._("The customer filter is not valid: %(filter)s",
                                       filter=self.customer_domain)) from None
        return domain
