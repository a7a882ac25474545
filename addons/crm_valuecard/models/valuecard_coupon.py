import re
import secrets
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, formatLang

from ..tools import MAX_AMOUNT, check_whole_yen

# Context marker of the coupon workflow's own writes (redemption, mail sent):
# an object no client can send over RPC.
COUPON_WORKFLOW = object()
COUPON_PREFIX = "CP"
# no 0/O, 1/I/L: a code read aloud or typed from a phone is typed right
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12: about 59 bits, drawn with secrets
DISCOUNT_TYPES = [("fixed", "Fixed Amount (yen)"), ("percent", "Percentage")]
COUPON_STATES = [("valid", "Valid"), ("redeemed", "Redeemed"), ("cancelled", "Cancelled")]
# set by the issue and redemption workflow only, never by a write
WORKFLOW_FIELDS = ("code", "partner_id", "company_id", "state", "redeemed_date", "redeemed_card_id",
                   "redeemed_entry_id", "redeemed_reference", "redeemed_user_id", "purchase_amount",
                   "discount_amount", "mail_sent")
# what the customer was promised: fixed once the coupon exists
TERMS_FIELDS = ("discount_type", "discount_value")


def normalize_code(code):
    """The stored form of a typed or scanned coupon code (full-width
    characters, lower case, spaces and hyphens allowed), or "" when it
    cannot be a coupon code."""
    if not isinstance(code, str):
        return ""
    text = re.sub(r"[\s\-ー－]", "", unicodedata.normalize("NFKC", code)).upper()
    body = text[len(COUPON_PREFIX):]
    if not text.startswith(COUPON_PREFIX) or len(body) != CODE_LENGTH or set(body) - set(CODE_ALPHABET):
        return ""
    return f"{COUPON_PREFIX}-{body[:4]}-{body[4:8]}-{body[8:]}"


def new_code():
    body = "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))
    return normalize_code(COUPON_PREFIX + body)


class ValuecardCoupon(models.Model):
    """A single-use coupon of one card holder: a fixed amount or a percentage
    off a purchase paid with the customer's value card, valid between two
    days, above a minimum purchase.

    Managers issue coupons (the issue wizard, or ``create``); the code is
    drawn at random from ``secrets`` and cannot be chosen or changed. A
    coupon is redeemed only by ``valuecard.card.pay_with_coupon``, which
    locks it, checks it, posts the payment of the remainder through the
    ledger and records the redemption on the coupon, keyed by the payment's
    ledger entry, in the same transaction; so it is used at most once, even
    from two counters at the same moment."""

    _name = "valuecard.coupon"
    _description = "Value Card Coupon"
    _order = "id desc"
    _rec_name = "name"

    code = fields.Char(
        required=True, readonly=True, copy=False, index=True, default=lambda self: new_code(),
        groups="crm_smart_base.group_smart_manager",
        help="Secret, random code the customer shows at the counter; only managers and the customer see it.")
    name = fields.Char(string="Title", required=True,
                       help="What the customer reads in the mail and on the member card.")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True,
                                 ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    discount_type = fields.Selection(DISCOUNT_TYPES, required=True, default="fixed")
    discount_value = fields.Integer(
        string="Discount", required=True,
        help="Yen off the purchase, or percent off (rounded down to the yen).")
    min_amount = fields.Monetary(string="Minimum Purchase",
                                 help="The purchase must reach this amount for the coupon to apply (0: any).")
    date_from = fields.Date(string="Valid From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Valid Until", required=True)
    state = fields.Selection(COUPON_STATES, default="valid", required=True, readonly=True, index=True)
    mail_sent = fields.Boolean(readonly=True, copy=False)
    redeemed_date = fields.Datetime(readonly=True, copy=False)
    redeemed_card_id = fields.Many2one("valuecard.card", string="Redeemed with Card", readonly=True, copy=False,
                                       index="btree_not_null", ondelete="restrict")
    redeemed_entry_id = fields.Many2one(
        "valuecard.entry", string="Payment Entry", readonly=True, copy=False, index="btree_not_null",
        ondelete="restrict", help="First ledger entry of the payment the coupon was used with.")
    redeemed_reference = fields.Char(readonly=True, copy=False)
    redeemed_user_id = fields.Many2one("res.users", string="Redeemed by", readonly=True, copy=False,
                                       ondelete="restrict")
    purchase_amount = fields.Monetary(readonly=True, copy=False, help="Purchase before the discount.")
    discount_amount = fields.Monetary(string="Discount Given", readonly=True, copy=False)

    _code_unique = models.Constraint("UNIQUE(code)", "Coupon codes are unique.")
    _entry_unique = models.Constraint("UNIQUE(redeemed_entry_id)", "A payment uses one coupon at most.")
    _discount_valid = models.Constraint(
        "CHECK(discount_value > 0 AND (discount_type != 'percent' OR discount_value <= 100))",
        "A coupon takes off more than zero, and at most 100 percent.")
    _dates_valid = models.Constraint("CHECK(date_to >= date_from)", "A coupon cannot end before it starts.")
    _min_amount_valid = models.Constraint("CHECK(COALESCE(min_amount, 0) >= 0)",
                                          "The minimum purchase cannot be negative.")
    _redeemed_complete = models.Constraint(
        "CHECK(state != 'redeemed' OR (redeemed_entry_id IS NOT NULL AND redeemed_card_id IS NOT NULL))",
        "A redeemed coupon names the payment it was used with.")

    @api.depends("name", "discount_type", "discount_value")
    def _compute_display_name(self):
        for coupon in self:
            if coupon.discount_type == "percent":
                off = self.env._("%(percent)s%% off", percent=coupon.discount_value)
            else:
                off = self.env._("%(amount)s off", amount=format_amount(
                    self.env, coupon.discount_value, coupon.currency_id or self.env.company.currency_id))
            coupon.display_name = f"{coupon.name} ({off})" if coupon.name else off

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        self._check_issuer()
        for vals in vals_list:
            if set(vals) & (set(WORKFLOW_FIELDS) - {"partner_id", "company_id"}):
                raise UserError(self.env._("The code and the redemption of a coupon are set by the system."))
            self._check_terms(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("valuecard_coupon_workflow") is not COUPON_WORKFLOW:
            self.check_access("write")
            if set(vals) & {*WORKFLOW_FIELDS, *TERMS_FIELDS}:
                raise UserError(self.env._(
                    "The code, customer, discount and redemption of a coupon cannot be changed: cancel it and "
                    "issue a new one."))
            if self.filtered(lambda coupon: coupon.state != "valid"):
                raise UserError(self.env._("A redeemed or cancelled coupon cannot be changed."))
            check_whole_yen(self.env, vals, ("min_amount",))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered(lambda coupon: coupon.state == "redeemed" or coupon.mail_sent):
            raise UserError(self.env._("A coupon sent to its customer or redeemed cannot be deleted: cancel it."))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for coupon in self:
            if coupon.date_to < coupon.date_from:
                raise ValidationError(self.env._("Coupon %(code)s cannot end before it starts.",
                                                 code=coupon.sudo().code))

    # ------------------------------------------------------------------
    # buttons
    # ------------------------------------------------------------------

    def action_cancel(self):
        self._check_issuer()
        if self.filtered(lambda coupon: coupon.state != "valid"):
            raise UserError(self.env._("Only a valid coupon can be cancelled."))
        self._workflow_write({"state": "cancelled"})
        return True

    def action_send_mail(self):
        """(Re)send the coupons by mail, queued in one batch."""
        self._check_issuer()
        self.filtered(lambda coupon: coupon.state == "valid")._send_mail()
        return True

    # ------------------------------------------------------------------
    # helpers of the issue and redemption workflow
    # ------------------------------------------------------------------

    def _check_issuer(self):
        if not (self.env.su or self.env.user.has_group("crm_smart_base.group_smart_manager")):
            raise AccessError(self.env._("Only Smart CRM managers may issue, send or cancel coupons."))

    @api.model
    def _check_terms(self, vals):
        """Refuse a discount that is not a positive whole number, a percentage
        above 100, a negative minimum or a validity that ends before it
        starts, with the reason, before anything is written."""
        value = vals.get("discount_value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value <= 0:
            raise ValidationError(self.env._("A coupon's discount must be a whole number above zero (%(value)s).",
                                             value=value))
        if vals.get("discount_type", "fixed") == "percent" and value > 100:
            raise ValidationError(self.env._("A percentage discount is at most 100 percent (%(value)s).",
                                             value=value))
        if value > MAX_AMOUNT:
            raise ValidationError(self.env._("A coupon's discount is at most %(limit)s.",
                                             limit=formatLang(self.env, MAX_AMOUNT, digits=0)))
        check_whole_yen(self.env, vals, ("min_amount",))
        if (vals.get("min_amount") or 0) < 0:
            raise ValidationError(self.env._("The minimum purchase cannot be negative."))
        if not vals.get("date_to"):
            raise ValidationError(self.env._("A coupon needs the last day it is valid."))
        date_from = fields.Date.to_date(vals.get("date_from")) or fields.Date.context_today(self)
        if fields.Date.to_date(vals["date_to"]) < date_from:
            raise ValidationError(self.env._("A coupon cannot end before it starts."))

    def _workflow_write(self, vals):
        return self.sudo().with_context(valuecard_coupon_workflow=COUPON_WORKFLOW).write(vals)

    def _discount_for(self, amount):
        """Whole yen taken off a purchase of ``amount`` yen (percentages rounded down)."""
        self.ensure_one()
        if self.discount_type == "percent":
            return amount * self.discount_value // 100
        return min(self.discount_value, amount)

    def _check_usable(self, card, amount, day):
        """Refuse, with the reason, a coupon that ``card`` may not use on a
        purchase of ``amount`` yen on ``day``."""
        self.ensure_one()
        if self.state == "redeemed":
            raise UserError(self.env._("Coupon %(code)s was already used on %(date)s.", code=self.code,
                                       date=fields.Date.to_string(fields.Date.to_date(self.redeemed_date))))
        if self.state == "cancelled":
            raise UserError(self.env._("Coupon %(code)s was cancelled.", code=self.code))
        if self.company_id != card.company_id or self.partner_id != card.partner_id:
            raise UserError(self.env._("Coupon %(code)s belongs to another customer: it can only be used with "
                                       "that customer's card.", code=self.code))
        if day < self.date_from:
            raise UserError(self.env._("Coupon %(code)s is valid from %(date)s.", code=self.code,
                                       date=fields.Date.to_string(self.date_from)))
        if day > self.date_to:
            raise UserError(self.env._("Coupon %(code)s expired on %(date)s.", code=self.code,
                                       date=fields.Date.to_string(self.date_to)))
        if amount < self.min_amount:
            raise UserError(self.env._(
                "Coupon %(code)s needs a purchase of at least %(minimum)s; this one is %(amount)s.",
                code=self.code, minimum=card._format_yen(self.min_amount), amount=card._format_yen(amount)))
        if self._discount_for(amount) >= amount:
            raise UserError(self.env._(
                "Coupon %(code)s would cover the whole purchase of %(amount)s: the card must pay at least "
                "one yen for the coupon to be recorded with the payment.", code=self.code,
                amount=card._format_yen(amount)))

    def _send_mail(self):
        """Queue one mail per coupon whose customer has an address (the mail
        queue sends them in batches); the others stay unsent."""
        template = self.env.ref("crm_valuecard.mail_template_valuecard_coupon")
        coupons = self.sudo().filtered(lambda coupon: coupon.partner_id.email)
        if coupons:
            template.sudo().send_mail_batch(coupons.ids)
            coupons._workflow_write({"mail_sent": True})
        return coupons
