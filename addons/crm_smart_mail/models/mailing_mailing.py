from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    smart_step_id = fields.Many2one("smart.step", string="Step Mail Step", readonly=True, index="btree_not_null",
                                    copy=False, help="The step mail step this mailing is the message of.")

    def write(self, vals):
        # After each sending, mass mailing marks the mailing done with the date.
        # A step's message is sent step by step by several workers at once: that
        # write on one shared row would make concurrent workers fail, and says
        # nothing for a message that is never done.
        if set(vals) <= {"state", "sent_date", "kpi_mail_required"} and vals.get("state", "done") == "done" \
                and self and all(mailing.smart_step_id and mailing.state == "done" for mailing in self):
            return True
        return super().write(vals)

    def action_put_in_queue(self):
        # launching and scheduling both end here: refuse a mailing nobody may receive
        # while the marketer is still looking at it
        self._smart_refresh_lists()
        self._smart_check_recipients()
        return super().action_put_in_queue()

    def action_send_mail(self, res_ids=None):
        if not res_ids:
            self._smart_refresh_lists()
            self._smart_check_recipients()
        return super().action_send_mail(res_ids)

    @api.model
    def _process_mass_mailing_queue(self):
        due = self.search([("state", "in", ("in_queue", "sending")),
                           "|", ("schedule_date", "<", fields.Datetime.now()), ("schedule_date", "=", False)])
        due._smart_refresh_lists()
        return super()._process_mass_mailing_queue()

    def _action_send_mail(self, res_ids=None):
        if res_ids:
            # explicit recipients (step mails) obey the same exclusions as a list
            for mailing in self:
                allowed = self.env[mailing.mailing_model_real].search(
                    Domain("id", "in", list(res_ids)) & mailing._smart_mailable_domain()).ids
                if allowed:
                    super(MailingMailing, mailing)._action_send_mail(allowed)
            return True
        return super()._action_send_mail(res_ids)

    def _get_recipients_domain(self):
        return super()._get_recipients_domain() & self._smart_mailable_domain()

    def _get_seen_list(self):
        # a step mail sends its message once per enrolment, which the step mail
        # itself guarantees: a customer enrolled again (next birthday) is mailed again
        if self.smart_step_id:
            return set()
        return super()._get_seen_list()

    def _prepend_preview(self, html, preview):
        html = super()._prepend_preview(html, preview)
        return html + self._smart_render_sender_footer()

    @api.private
    def _smart_render_sender_footer(self):
        """送信者情報 and 配信停止の方法: who sends, where to reach them and how to
        stop receiving, which the law on specified electronic mail asks every
        marketing mail to show."""
        self.ensure_one()
        company = self.user_id.company_id or self.env.company
        return Markup(self.env["ir.qweb"]._render("crm_smart_mail.mailing_sender_footer", {
            "company": company,
            "mailing": self,
        }))

    @api.private
    def _smart_refresh_lists(self):
        lists = self.filtered(lambda m: m.mailing_model_real == "mailing.contact").contact_list_ids
        lists.sudo()._smart_refresh()

    @api.private
    def _smart_mailable_domain(self):
        """Recipients of this mailing who may receive it: for a list, members not
        opted out of it; for customers or records of customers, consent given, not
        blacklisted, no bounce. Records without a customer have no consent to
        check and are not mailed."""
        self.ensure_one()
        model = self.mailing_model_real
        Partner = self.env["res.partner"]
        if model == "mailing.contact":
            subscribed = Domain("subscription_ids", "any", [("list_id", "in", self.contact_list_ids.ids),
                                                            ("opt_out", "=", False)])
            return subscribed & self.contact_list_ids._smart_mailable_contact_domain()
        if model == "res.partner":
            return Partner._smart_mailable_domain()
        # other records (leads, database records) are mailed through their customer
        for name in ("partner_id", "x_partner_id"):
            field = self.env[model]._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == "res.partner":
                return Domain(name, "any", Partner._smart_mailable_domain())
        return Domain.FALSE

    @api.private
    def _smart_check_recipients(self):
        for mailing in self.filtered(lambda m: not m.smart_step_id):
            Target = self.env[mailing.mailing_model_real]
            if Target.search_count(mailing._get_recipients_domain(), limit=1):
                continue
            total = Target.search_count(Domain(mailing._parse_mailing_domain()))
            if not total:
                raise UserError(self.env._("The mailing “%(subject)s” has no recipient.",
                                           subject=mailing.subject))
            raise UserError(self.env._(
                "None of the %(count)s recipients of the mailing “%(subject)s” may receive it: they have not "
                "given consent to marketing email, or they opted out, are blacklisted or their email bounced. "
                "Record their consent first; for transactional mail or customers with an existing business "
                "relationship, a Smart CRM administrator can mark the mailing list as a consent exception.",
                count=total, subject=mailing.subject))
