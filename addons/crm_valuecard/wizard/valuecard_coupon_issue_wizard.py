import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.valuecard_coupon import DISCOUNT_TYPES
from odoo.addons.crm_smart_base.tools.domain import parse_domain

DEFAULT_VALIDITY_DAYS = 30


class ValuecardCouponIssueWizard(models.TransientModel):
    """Issue one single-use coupon to every card holder of a customer filter
    and send them by mail. All the coupons are created in one transaction:
    a refused coupon term issues none."""

    _name = "valuecard.coupon.issue.wizard"
    _description = "Issue Value Card Coupons"

    name = fields.Char(string="Title", required=True, help="What the customers read in the mail and on their card.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    discount_type = fields.Selection(DISCOUNT_TYPES, required=True, default="fixed")
    discount_value = fields.Integer(string="Discount", required=True,
                                    help="Yen off the purchase, or percent off (rounded down to the yen).")
    min_amount = fields.Monetary(string="Minimum Purchase")
    date_from = fields.Date(string="Valid From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Valid Until", required=True,
                          default=lambda self: fields.Date.context_today(self)
                          + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS))
    partner_domain = fields.Char(string="Customers", default="[]", required=True,
                                 help="Which customers receive a coupon; only those holding an active card of the "
                                 "company do.")
    send_mail = fields.Boolean(string="Send by Mail", default=True,
                               help="Mail every customer with an address their coupon and its code.")
    partner_count = fields.Integer(string="Customers Receiving a Coupon", compute="_compute_partner_count")

    @api.depends("partner_domain", "company_id")
    def _compute_partner_count(self):
        for wizard in self:
            try:
                wizard.partner_count = self.env["res.partner"].search_count(wizard._partner_domain())
            except UserError:
                wizard.partner_count = 0

    def _partner_domain(self):
        """The customer filter AND an active card of the company."""
        self.ensure_one()
        try:
            extra = parse_domain(self.env, self.partner_domain)
        except Exception as exc:
            raise UserError(self.env._("The customer filter is not valid: %(error)s", error=exc)) from exc
        return Domain.AND([
            extra,
            [("valuecard_card_ids", "any", [("state", "=", "active"), ("company_id", "=", self.company_id.id)])],
        ])

    def action_issue(self):
        self.ensure_one()
        self.env["valuecard.coupon"]._check_issuer()
        terms = {
            "name": self.name, "company_id": self.company_id.id, "discount_type": self.discount_type,
            "discount_value": self.discount_value, "min_amount": self.min_amount,
            "date_from": self.date_from, "date_to": self.date_to,
        }
        # terms first: a refused discount issues nothing, whatever the filter
        self.env["valuecard.coupon"]._check_terms(terms)
        partners = self.env["res.partner"].search(self._partner_domain(), order="id")
        if not partners:
            raise UserError(self.env._(
                "No customer holding an active value card matches the filter: no coupon was issued."))
        coupons = self.env["valuecard.coupon"].create([dict(terms, partner_id=partner.id) for partner in partners])
        mailed = coupons._send_mail() if self.send_mail else coupons.browse()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_valuecard.valuecard_coupon_action")
        action.update({"domain": [("id", "in", coupons.ids)], "context": {"create": False}})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s coupons issued, %(mailed)s sent by mail.",
                                      count=len(coupons), mailed=len(mailed)),
                "next": action,
            },
        }
