from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import parse_customer_filter


class MailingList(models.Model):
    _inherit = "mailing.list"

    smart_dynamic = fields.Boolean(
        string="Dynamic",
        help="The members are the customers of the filter below, refreshed on a schedule and right "
             "before each mailing to the list is sent.")
    smart_segment_id = fields.Many2one(
        "smart.segment", string="Segment", ondelete="restrict", index="btree_not_null",
        help="The customers of this segment make up the list (and, when a filter is set too, only those "
             "of them the filter selects).")
    smart_partner_domain = fields.Char(string="Customers", default="[]",
                                       help="The customers who make up the list.")
    smart_refresh_date = fields.Datetime(string="Last Refresh", readonly=True, copy=False)
    smart_frozen_date = fields.Datetime(string="Frozen On", readonly=True, copy=False,
                                        help="The members were copied from another list at this moment, "
                                             "for audit; they no longer change.")
    smart_frozen_from_id = fields.Many2one("mailing.list", string="Frozen From", readonly=True, copy=False,
                                           ondelete="set null")
    smart_consent_exception = fields.Selection(
        [("transactional", "Transactional mail"), ("relationship", "Existing business relationship")],
        string="Consent Exception", copy=False,
        help="Members of this list are mailed without a recorded consent: set only for transactional "
             "mail or customers with an existing business relationship, as the law allows. Only Smart "
             "CRM administrators may set it.")
    smart_consenting_count = fields.Integer(string="Mailable Customers", compute="_compute_smart_consenting_count",
                                            help="Members who may be mailed: consent recorded (or the list's "
                                                 "exception), not opted out, not blacklisted, no bounce.")

    def _compute_smart_consenting_count(self):
        Contact = self.env["mailing.contact"]
        for mailing_list in self:
            if not mailing_list.id:
                mailing_list.smart_consenting_count = 0
                continue
            mailing_list.smart_consenting_count = Contact.search_count(
                Domain("subscription_ids", "any", [("list_id", "=", mailing_list.id), ("opt_out", "=", False)])
                & mailing_list._smart_mailable_contact_domain())

    @api.constrains("smart_partner_domain", "smart_dynamic")
    def _check_smart_partner_domain(self):
        for mailing_list in self.filtered("smart_dynamic"):
            parse_customer_filter(self.env, mailing_list.smart_partner_domain, mailing_list.name, check=True)

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("smart_consent_exception") for vals in vals_list):
            self._smart_check_exception_right()
        return super().create(vals_list)

    def write(self, vals):
        if "smart_consent_exception" in vals:
            self._smart_check_exception_right()
        if self.filtered("smart_frozen_date") and {"smart_dynamic", "smart_partner_domain",
                                                   "smart_segment_id"} & set(vals):
            raise UserError(self.env._("A frozen list stays as it was frozen: it cannot become dynamic."))
        return super().write(vals)

    def action_smart_refresh(self):
        self._smart_refresh()
        return True

    def action_smart_freeze(self):
        """Copy the members of the list as they are now (after a refresh) into a new
        list that never changes, for audit."""
        self.ensure_one()
        self._smart_refresh()
        now = fields.Datetime.now()
        frozen = self.sudo().create({
            "name": self.env._("%(name)s (frozen %(date)s)", name=self.name,
                               date=fields.Datetime.to_string(fields.Datetime.context_timestamp(self, now))),
            "smart_frozen_date": now,
            "smart_frozen_from_id": self.id,
            "smart_consent_exception": self.smart_consent_exception,
        }).sudo(False)
        self.env["mailing.subscription"].flush_model()
        self.env.cr.execute(SQL("""
            INSERT INTO mailing_subscription (contact_id, list_id, opt_out, opt_out_datetime, opt_out_reason_id,
                                              create_uid, write_uid, create_date, write_date)
                 SELECT contact_id, %(frozen)s, opt_out, opt_out_datetime, opt_out_reason_id,
                        %(uid)s, %(uid)s, %(now)s, %(now)s
                   FROM mailing_subscription
                  WHERE list_id = %(list)s
            ON CONFLICT (contact_id, list_id) DO NOTHING
        """, frozen=frozen.id, list=self.id, uid=self.env.uid, now=now))
        self.env["mailing.subscription"].invalidate_model()
        frozen.invalidate_recordset()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.list",
            "res_id": frozen.id,
            "view_mode": "form",
        }

    @api.private
    def _get_smart_partner_domain(self):
        """The customers who make up this dynamic list. This is the one place that
        says who the members are: a customer segment plugs in here."""
        self.ensure_one()
        domain = parse_customer_filter(self.env, self.smart_partner_domain, self.name)
        if self.smart_segment_id:
            domain &= Domain(self.smart_segment_id._get_partner_domain())
        return domain

    @api.private
    def _smart_refresh(self):
        """Make the members of the dynamic lists of ``self`` the customers of their
        filter: add who entered, remove who left. A member who opted out of the
        list stays, opted out, so that leaving and re-entering the filter never
        subscribes them again."""
        Partner = self.env["res.partner"]
        Contact = self.env["mailing.contact"]
        cr = self.env.cr
        for mailing_list in self.filtered(lambda ml: ml.smart_dynamic and not ml.smart_frozen_date):
            domain = mailing_list._get_smart_partner_domain() & Domain("email_normalized", "!=", False)
            # the customers of the filter, read once with their contact (see
            # _smart_sync_partners) into smart_contact_sync ...
            Contact._smart_sync_partners(Partner._search(domain))
            now = cr.now()
            # ... and the list's subscriptions made the same set in one statement:
            # who left is removed (unless opted out), who entered is added
            cr.execute(SQL("""
                WITH removed AS (
                    DELETE FROM mailing_subscription s
                     WHERE s.list_id = %(list)s
                       AND s.opt_out IS NOT TRUE
                       AND NOT EXISTS (SELECT 1 FROM smart_contact_sync m WHERE m.contact_id = s.contact_id)
                )
                INSERT INTO mailing_subscription (contact_id, list_id, opt_out, create_uid, write_uid,
                                                  create_date, write_date)
                     SELECT m.contact_id, %(list)s, FALSE, %(uid)s, %(uid)s, %(now)s, %(now)s
                       FROM smart_contact_sync m
                      WHERE m.contact_id IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM mailing_subscription s
                                         WHERE s.contact_id = m.contact_id AND s.list_id = %(list)s)
                ON CONFLICT (contact_id, list_id) DO NOTHING
            """, list=mailing_list.id, uid=self.env.uid, now=now))
            mailing_list.sudo().smart_refresh_date = now
        self.env["mailing.subscription"].invalidate_model()
        self.env["mailing.contact"].invalidate_model(["list_ids", "subscription_ids"])
        self.invalidate_recordset(["contact_ids", "subscription_ids"])

    @api.private
    def _smart_mailable_contact_domain(self):
        """Contacts of these lists that may be mailed: not blacklisted, no bounce,
        and with consent to email unless the list is marked as an exception."""
        domain = (Domain("is_blacklisted", "=", False)
                  & Domain("message_bounce", "in", [0, False])
                  & Domain("smart_partner_id.message_bounce", "in", [0, False]))
        exceptions = self.filtered("smart_consent_exception")
        consent = Domain("smart_partner_id.smart_consent_email", "=", "given")
        if exceptions:
            consent |= Domain("subscription_ids", "any", [("list_id", "in", exceptions.ids),
                                                           ("opt_out", "=", False)])
        return domain & consent

    @api.private
    def _smart_check_not_frozen(self):
        frozen = self.filtered("smart_frozen_date")
        if frozen and not self.env.su:
            raise UserError(self.env._(
                "The mailing list “%(name)s” was frozen for audit: its members cannot change.",
                name=frozen[0].name))

    def _smart_check_exception_right(self):
        if not self.env.su and not self.env.user.has_group("crm_smart_base.group_smart_admin"):
            raise AccessError(self.env._(
                "Only Smart CRM administrators may mark a mailing list as a consent exception."))

    @api.model
    def _cron_smart_refresh(self):
        lists = self.search([("smart_dynamic", "=", True), ("smart_frozen_date", "=", False)])
        self.env["ir.cron"]._commit_progress(remaining=len(lists))
        for mailing_list in lists:
            mailing_list._smart_refresh()
            self.env["ir.cron"]._commit_progress(processed=1)
