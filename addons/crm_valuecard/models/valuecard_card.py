import hmac as hmac_lib
import logging
import re
import secrets

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import hmac

from ..tools import check_whole_yen
from .valuecard_card_ledger import POSTING
from .valuecard_entry import RECEIPT_CODE_PREFIX

_logger = logging.getLogger(__name__)

CARD_STATES = [("active", "Active"), ("suspended", "Suspended"), ("lost", "Lost"), ("expired", "Expired"),
               ("closed", "Closed")]
MEMBER_TOKEN_PREFIX = "VCM"
LIMIT_FIELDS = ("max_balance", "max_charge", "max_charge_per_day")
# set by managers only: a card's limits and the days of its life
MANAGED_FIELDS = (*LIMIT_FIELDS, "issue_date", "expiry_date")
# changed by value card operations only
OPERATION_FIELDS = ("balance_paid", "balance_bonus", "points", "ledger_sequence", "ledger_hash", "state",
                    "replaced_by_id", "replaces_id", "member_nonce")


def luhn_digit(digits):
    """Luhn check digit of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


class ValuecardCard(models.Model):
    """A value card: its number, customer, limits and balances, its life
    (suspend, report lost, reactivate, transfer, close), lookup and the check
    of its ledger. Value moves only through the ledger it inherits
    (``valuecard.card.ledger``), which also keeps the balances written here."""

    _name = "valuecard.card"
    _description = "Value Card"
    _inherit = ["mail.thread", "portal.mixin", "valuecard.card.ledger"]
    _order = "id desc"
    _rec_name = "number"

    number = fields.Char(
        required=True, copy=False, index=True, tracking=True,
        help="Printed card number: the program prefix, digits and a check digit. Leave empty to number "
        "the card automatically.",
        default=lambda self: self.env._("New"),
    )
    program_id = fields.Many2one("valuecard.program", required=True, ondelete="restrict", index=True,
                                 tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", ondelete="restrict", index=True,
                                 tracking=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True, precompute=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    state = fields.Selection(
        CARD_STATES, default="active", required=True, readonly=True, copy=False, tracking=True, index=True)
    issue_date = fields.Date(default=fields.Date.context_today, required=True, readonly=True, copy=False)
    expiry_date = fields.Date(
        copy=False, tracking=True,
        help="Last day the card can be used; its value expires with it (empty: the card does not expire).")
    balance_paid = fields.Monetary(string="Paid Balance", readonly=True, copy=False)
    balance_bonus = fields.Monetary(string="Bonus Balance", readonly=True, copy=False)
    points = fields.Integer(readonly=True, copy=False)
    balance_total = fields.Monetary(string="Balance", compute="_compute_balance_total")
    max_balance = fields.Monetary(
        string="Maximum Balance", help="Highest paid plus bonus balance of this card (0: company setting).")
    max_charge = fields.Monetary(
        string="Maximum Charge", help="Highest amount of one charge on this card (0: company setting).")
    max_charge_per_day = fields.Monetary(
        string="Maximum Charge per Day", help="Highest total charged on this card in a day (0: company setting).")
    replaced_by_id = fields.Many2one("valuecard.card", string="Replaced by", readonly=True, copy=False,
                                     index="btree_not_null", ondelete="set null")
    replaces_id = fields.Many2one("valuecard.card", readonly=True, copy=False,
                                  index="btree_not_null", ondelete="set null")
    entry_ids = fields.One2many("valuecard.entry", "card_id", string="Ledger")
    lot_ids = fields.One2many("valuecard.lot", "card_id", string="Lots")
    entry_count = fields.Integer(compute="_compute_counts")
    lot_count = fields.Integer(compute="_compute_counts")
    ledger_sequence = fields.Integer(readonly=True, copy=False, help="Position of the card's last ledger entry.")
    ledger_hash = fields.Char(readonly=True, copy=False, help="Hash of the card's last ledger entry.")
    member_nonce = fields.Char(
        readonly=True, copy=False, groups="base.group_system", default=lambda self: secrets.token_hex(16),
        help="Random part of the member-card token: renewing it makes every earlier QR code and barcode "
        "of the card useless.")

    _number_unique = models.Constraint("UNIQUE(company_id, number)", "This card number is already in use.")
    _balances_not_negative = models.Constraint(
        "CHECK(balance_paid >= 0 AND balance_bonus >= 0 AND points >= 0)",
        "A card balance can never be negative.",
    )
    _limits_not_negative = models.Constraint(
        "CHECK(COALESCE(max_balance, 0) >= 0 AND COALESCE(max_charge, 0) >= 0 "
        "AND COALESCE(max_charge_per_day, 0) >= 0)",
        "Card limits cannot be negative.",
    )

    # ------------------------------------------------------------------
    # compute
    # ------------------------------------------------------------------

    @api.depends("balance_paid", "balance_bonus")
    def _compute_balance_total(self):
        for card in self:
            card.balance_total = card.balance_paid + card.balance_bonus

    @api.depends("entry_ids", "lot_ids.amount_remaining")
    def _compute_counts(self):
        entries = dict(self.env["valuecard.entry"]._read_group(
            [("card_id", "in", self.ids)], ["card_id"], ["__count"]))
        lots = dict(self.env["valuecard.lot"]._read_group(
            [("card_id", "in", self.ids), ("amount_remaining", ">", 0)], ["card_id"], ["__count"]))
        for card in self:
            card.entry_count = entries.get(card, 0)
            card.lot_count = lots.get(card, 0)

    def _compute_access_url(self):
        for card in self:
            card.access_url = f"/my/valuecards/{card.id}"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        programs = self.env["valuecard.program"]
        for vals in vals_list:
            check_whole_yen(self.env, vals, LIMIT_FIELDS)
            self._check_managed_fields([name for name in MANAGED_FIELDS if vals.get(name)])
            if set(vals) & set(OPERATION_FIELDS):
                raise UserError(self.env._("Card balances and states are changed by value card operations only."))
            program = programs.browse(vals.get("program_id"))
            if not program:
                program = programs.search([("company_id", "in", self.env.companies.ids)], limit=1)
                if not program:
                    raise UserError(self.env._("Create a value card program before issuing cards."))
                vals["program_id"] = program.id
            number = (vals.get("number") or "").strip()
            if not number or number == self.env._("New"):
                vals["number"] = self._next_number(program)
            else:
                vals["number"] = self._check_number(number, program)
            if program.card_validity_years and not vals.get("expiry_date"):
                issue = fields.Date.to_date(vals.get("issue_date")) or fields.Date.context_today(self)
                vals["expiry_date"] = issue + relativedelta(years=program.card_validity_years)
        cards = super().create(vals_list)
        cards._check_limits_within_company()
        if cards.partner_id:
            cards.partner_id._smart_customer_event("card_issued")
        return cards

    def write(self, vals):
        check_whole_yen(self.env, vals, LIMIT_FIELDS)
        if self.env.context.get("valuecard_posting") is not POSTING:
            self._check_managed_fields([name for name in MANAGED_FIELDS if name in vals])
            if set(vals) & {*OPERATION_FIELDS, "issue_date"}:
                raise UserError(self.env._("Card balances and states are changed by value card operations only."))
            if "program_id" in vals and self.filtered("entry_ids"):
                raise UserError(self.env._("A card with ledger entries cannot move to another program."))
            if "number" in vals:
                for card in self:
                    if card.entry_ids:
                        raise UserError(self.env._("The number of a card in use cannot be changed."))
                    vals = dict(vals, number=self._check_number(vals["number"], card.program_id))
        holders = self.partner_id if "partner_id" in vals else None
        # a card given to a customer (or to another one) is a card issued to them
        handed_over = self.filtered(lambda card: card.partner_id.id != vals["partner_id"]) \
            if vals.get("partner_id") else self.browse()
        result = super().write(vals)
        if set(vals) & {*LIMIT_FIELDS, "program_id"}:
            self._check_limits_within_company()
        if holders is not None:
            # the card's balance and history change customer
            (holders | self.partner_id)._valuecard_refresh_summary()
        if handed_over:
            handed_over.partner_id._smart_customer_event("card_issued")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.env["valuecard.entry"].sudo().search_count([("card_id", "in", self.ids)], limit=1):
            raise UserError(self.env._("A card with ledger entries cannot be deleted; close it instead."))

    # ------------------------------------------------------------------
    # card life
    # ------------------------------------------------------------------

    def action_suspend(self):
        self._check_manager()
        self._set_state("suspended", ("active",), self.env._("Only an active card can be suspended."))
        return True

    def action_reactivate(self):
        self._check_manager()
        for card in self:
            if card.replaced_by_id:
                raise UserError(self.env._("Card %(number)s was replaced by %(new)s and cannot be reactivated.",
                                           number=card.number, new=card.replaced_by_id.number))
            if card._is_past_expiry():
                raise UserError(self.env._("Card %(number)s has expired.", number=card.number))
        self._set_state("active", ("suspended", "lost"), self.env._("Only a suspended or lost card can be reactivated."))
        return True

    def action_report_lost(self):
        """Block the card, and renew its member code: whoever holds the lost
        card (or a photo of its code) cannot use it again after a reactivation."""
        self._check_manager()
        self._set_state("lost", ("active", "suspended"), self.env._("Only an active or suspended card can be reported lost."))
        self._renew_member_code(self.env._("the card was reported lost"))
        return True

    def action_renew_member_code(self):
        """Managers: issue a new member code (the customer's phone shows it at once)."""
        self._check_manager()
        self._renew_member_code(self.env._("renewed by %(user)s", user=self.env.user.name))
        return True

    def action_close(self):
        """Close cards whose paid and bonus value is used up; left-over points expire."""
        self._check_manager()
        for card in self:
            card._lock()
            if card.state == "closed":
                raise UserError(self.env._("Card %(number)s is already closed.", number=card.number))
            if card.balance_paid or card.balance_bonus:
                raise UserError(self.env._(
                    "Card %(number)s still holds %(amount)s: transfer it to another card or refund it first.",
                    number=card.number, amount=card._format_yen(card.balance_paid + card.balance_bonus)))
            if card.points:
                # paid and bonus value are used up: only points are left to expire
                card.sudo()._post(f"close:{card.id}", "close", None,
                                  lambda locked, lots: locked._build_expire(lots, everything=True),
                                  states=("active", "suspended", "lost", "expired"))
        self.with_context(valuecard_posting=POSTING).write({"state": "closed"})
        return True

    def transfer_to(self, new_card):
        """Move every lot of this card to ``new_card`` and close this card."""
        self.ensure_one()
        self._check_manager()
        new_card = self.browse(new_card.id if isinstance(new_card, models.BaseModel) else new_card)
        if not new_card.exists():
            raise UserError(self.env._("Choose the card that receives the value."))
        new_card.check_access("read")
        self.check_access("read")
        if new_card == self:
            raise UserError(self.env._("A card cannot be transferred to itself."))
        if new_card.company_id != self.company_id or new_card.program_id != self.program_id:
            raise UserError(self.env._("Value can only move to a card of the same program and company."))
        # lock both cards, always in the same order, so two transfers never deadlock
        for card in (self | new_card).sorted("id"):
            card._lock()
        if self.state not in ("active", "suspended", "lost"):
            raise UserError(self.env._("Card %(number)s is %(state)s and cannot be transferred.",
                                       number=self.number, state=self._state_label()))
        if new_card.state != "active" or new_card._is_past_expiry():
            raise UserError(self.env._("Card %(number)s is not active and cannot receive value.",
                                       number=new_card.number))
        source, target = self.sudo(), new_card.sudo()
        lots = source.lot_ids.filtered(lambda lot: lot.amount_remaining > 0).sorted("id")
        moves_out = [{"kind": "transfer", "bucket": lot.bucket, "amount": -lot.amount_remaining, "lot": lot}
                     for lot in lots]
        moves_in = [{"kind": "transfer", "bucket": lot.bucket, "amount": lot.amount_remaining,
                     "expiry_date": lot.expiry_date} for lot in lots]
        reference = f"transfer:{source.number}>{target.number}"
        result = source._post(reference, "transfer_out", None, lambda card, lots: moves_out,
                              states=("active", "suspended", "lost"))
        target_result = target._post(reference, "transfer_in", None, lambda card, lots: moves_in)
        source.with_context(valuecard_posting=POSTING).write({"state": "closed", "replaced_by_id": target.id})
        target.with_context(valuecard_posting=POSTING).write({"replaces_id": source.id})
        source.message_post(body=self.env._("Value transferred to card %(number)s.", number=target.number))
        return dict(result, new_card_id=target.id, new_card_entry_ids=target_result["entry_ids"],
                    new_card_balance_paid=target_result["balance_paid"],
                    new_card_balance_bonus=target_result["balance_bonus"],
                    new_card_points=target_result["points"])

    # ------------------------------------------------------------------
    # buttons
    # ------------------------------------------------------------------

    def action_open_operation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Card Operation"),
            "res_model": "valuecard.operation.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id, "operation": self.env.context.get("operation")},
        }

    def action_open_transfer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer to Another Card"),
            "res_model": "valuecard.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_id": self.id},
        }

    def action_view_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_valuecard.valuecard_entry_action")
        action["domain"] = [("card_id", "=", self.id)]
        action["context"] = {"default_card_id": self.id}
        return action

    def action_view_lots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_valuecard.valuecard_lot_action")
        action["domain"] = [("card_id", "=", self.id)]
        return action

    def action_view_replacement(self):
        self.ensure_one()
        card = self.replaced_by_id or self.replaces_id
        return {"type": "ir.actions.act_window", "res_model": "valuecard.card", "res_id": card.id,
                "view_mode": "form"}

    # ------------------------------------------------------------------
    # lookup and member token
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def lookup(self, code):
        """The card of a typed or scanned number, or of a member-card token."""
        code = (code or "").strip()
        if not code:
            raise UserError(self.env._("Enter or scan a card number."))
        if code.upper().startswith(RECEIPT_CODE_PREFIX + "-"):
            raise UserError(self.env._("“%(code)s” is the code of a receipt: it does not open a card. Scan the "
                                       "member card or type the card number.", code=code))
        if code.upper().startswith(MEMBER_TOKEN_PREFIX + "-"):
            card = self._from_member_token(code)
        else:
            number = re.sub(r"[\s-]", "", code).upper()
            match = re.fullmatch(r"([A-Z]*)(\d{2,})", number)
            if not match:
                raise UserError(self.env._("“%(code)s” is not a card number.", code=code))
            digits = match.group(2)
            if luhn_digit(digits[:-1]) != digits[-1]:
                raise UserError(self.env._("The check digit of card number %(code)s is wrong: please check "
                                           "the number.", code=code))
            card = self.search([("number", "=", number), ("company_id", "in", self.env.companies.ids)], limit=1)
        if not card:
            raise UserError(self.env._("No value card has the number %(code)s.", code=code))
        return card

    def _get_member_token(self):
        """Signed token shown as the member card QR/barcode (not the bare number)."""
        self.ensure_one()
        return f"{MEMBER_TOKEN_PREFIX}-{self.id}-{self._member_signature()}"

    def _member_signature(self):
        """Signature of the card's current member token. It covers the card's
        random nonce: renewing the nonce retires every earlier token at once."""
        card = self.sudo()
        return hmac(self.env(su=True), "valuecard-member-card", (card.id, card.number, card.member_nonce or ""))[:32]

    @api.model
    def _from_member_token(self, token):
        parts = token.strip().split("-")
        if len(parts) != 3 or not parts[1].isdigit():
            return self.browse()
        card = self.browse(int(parts[1])).exists()
        if not card or not hmac_lib.compare_digest(card._member_signature(), parts[2]):
            return self.browse()
        card.check_access("read")
        return card

    def _renew_member_code(self, reason):
        """Give the cards a new member token (and a new portal link): the
        codes shown or printed before stop working at once. The chatter says
        that it happened and why, never the token."""
        for card in self.sudo():
            card.with_context(valuecard_posting=POSTING).write({"member_nonce": secrets.token_hex(16),
                                                               "access_token": False})
            card.message_post(body=self.env._(
                "The member card code was renewed (%(reason)s): the earlier QR code and barcode no longer "
                "work.", reason=reason))

    # ------------------------------------------------------------------
    # integrity check and scheduled jobs
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def check_integrity(self, card_ids=None):
        """Recompute balances, lots and the hash chain from the ledger.

        Returns a list of problems, each ``{"card_id", "entry_id", "lot_id",
        "problem", "message"}``; an empty list means the ledger is sound.
        Runs in the database, so it stays fast on millions of entries. When
        the ledger has anchors (valuecard.anchor), it also verifies them and
        reports the histories rewritten after an anchor."""
        if not (self.env.su or self.env.user.has_group("crm_smart_base.group_smart_user")):
            raise AccessError(self.env._("Only Smart CRM users may check the value card ledger."))
        Entry = self.env["valuecard.entry"].sudo()
        Anchor = self.env["valuecard.anchor"].sudo()
        if card_ids is not None:
            cards = self.browse(card_ids)
            cards.check_access("read")
            if not cards:
                return []
            return Entry._integrity_problems(card_ids=cards.ids) + Anchor._anchor_problems(card_ids=cards.ids)
        company_ids = None if self.env.su else self.env.companies.ids
        return (Entry._integrity_problems(company_ids=company_ids)
                + Anchor._anchor_problems(company_ids=company_ids))

    @api.model
    def _cron_check_integrity(self):
        problems = self.sudo().check_integrity()
        for problem in problems:
            _logger.error("Value card ledger problem on card %s: %s", problem["card_id"], problem["message"])
        cards = self.sudo().browse({p["card_id"] for p in problems if p["card_id"]}).exists()
        for card in cards:
            messages = [p["message"] for p in problems if p["card_id"] == card.id]
            card.message_post(body=self.env._("The ledger check found: %(problems)s",
                                              problems="; ".join(messages[:20])))
        return problems

    # ------------------------------------------------------------------
    # checks and helpers
    # ------------------------------------------------------------------

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group("crm_smart_base.group_smart_manager")):
            raise AccessError(self.env._("Only Smart CRM managers may do this on value cards."))
        self.check_access("read")

    def _check_managed_fields(self, names):
        """Limits and dates of a card are the manager's: a terminal that
        issues a card must not give it room the company does not allow."""
        if names and not (self.env.su or self.env.user.has_group("crm_smart_base.group_smart_manager")):
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in names)
            raise UserError(self.env._("Only Smart CRM managers may set these fields of a value card: %(fields)s.",
                                       fields=labels))

    def _check_limits_within_company(self):
        """A card's own limit may only tighten its company's."""
        for card in self:
            for name in LIMIT_FIELDS:
                company_limit = card.company_id["valuecard_" + name]
                if card[name] and company_limit and card[name] > company_limit:
                    raise ValidationError(self.env._(
                        "The %(field)s of card %(number)s (%(limit)s) is above the company's limit of "
                        "%(company_limit)s: a card limit may only be lower.",
                        field=card._fields[name]._description_string(self.env), number=card.number,
                        limit=card._format_yen(card[name]), company_limit=card._format_yen(company_limit)))

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _is_past_expiry(self):
        return bool(self.expiry_date and self.expiry_date < fields.Date.context_today(self))

    def _set_state(self, state, allowed, message):
        for card in self:
            if card.state not in allowed:
                raise UserError(message)
        self.with_context(valuecard_posting=POSTING).write({"state": state})

    @api.model
    def _next_number(self, program):
        body = self.env["ir.sequence"].sudo().next_by_code("valuecard.card.number")
        if not body:
            raise UserError(self.env._("The card number sequence is missing."))
        return f"{program.number_prefix}{body}{luhn_digit(body)}"

    @api.model
    def _check_number(self, number, program):
        number = re.sub(r"[\s-]", "", number or "").upper()
        prefix = program.number_prefix or ""
        digits = number[len(prefix):]
        if not number.startswith(prefix) or not digits.isdigit() or len(digits) < 2:
            raise ValidationError(self.env._(
                "Card number %(number)s must be %(prefix)s followed by digits.", number=number, prefix=prefix))
        if luhn_digit(digits[:-1]) != digits[-1]:
            raise ValidationError(self.env._("The check digit of card number %(number)s is wrong.", number=number))
        return number
