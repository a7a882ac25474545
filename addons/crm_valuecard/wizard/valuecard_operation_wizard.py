import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.valuecard_entry import REFUNDABLE_KINDS
from ..tools import check_whole_yen

OPERATIONS = [
    ("charge", "Charge"),
    ("pay", "Pay"),
    ("refund", "Refund"),
    ("earn_points", "Earn Points"),
    ("redeem_points", "Redeem Points"),
    ("convert_points", "Convert Points"),
    ("adjust", "Adjust"),
]


class ValuecardOperationWizard(models.TransientModel):
    """Runs one card operation from the backend. The reference is fixed when
    the dialog opens, so pressing the button twice posts once."""

    _name = "valuecard.operation.wizard"
    _description = "Value Card Operation"

    card_id = fields.Many2one("valuecard.card", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="card_id.currency_id")
    balance_paid = fields.Monetary(related="card_id.balance_paid")
    balance_bonus = fields.Monetary(related="card_id.balance_bonus")
    card_points = fields.Integer(related="card_id.points", string="Card Points")
    operation = fields.Selection(OPERATIONS, required=True, default="charge")
    amount = fields.Monetary(help="Yen to charge or pay, or the purchase amount that earns points.")
    points = fields.Integer(help="Points to redeem or convert.")
    refund_entry_id = fields.Many2one(
        "valuecard.entry", string="Operation to Refund",
        domain=f"[('card_id', '=', card_id), ('kind', 'in', {list(REFUNDABLE_KINDS)}), "
        "('reversed_entry_id', '=', False)]",
        help="Any ledger entry of the operation to reverse.")
    amount_paid = fields.Monetary(string="Paid Value Change")
    amount_bonus = fields.Monetary(string="Bonus Value Change")
    points_change = fields.Integer()
    reason = fields.Char()
    reference = fields.Char(required=True, default=lambda self: "UI-" + uuid.uuid4().hex[:12].upper(),
                            help="Receipt or slip number; the same reference never posts twice.")
    terminal = fields.Char(string="Terminal / Store")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_whole_yen(self.env, vals, ("amount", "amount_paid", "amount_bonus"))
        return super().create(vals_list)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("operation") in dict(OPERATIONS):
            values["operation"] = self.env.context["operation"]
        return values

    def action_apply(self):
        self.ensure_one()
        card = self.card_id
        operation = self.operation
        if operation == "charge":
            result = card.charge(amount=self.amount, reference=self.reference, terminal=self.terminal)
        elif operation == "pay":
            result = card.pay(amount=self.amount, reference=self.reference, terminal=self.terminal)
        elif operation == "refund":
            if not self.refund_entry_id:
                raise UserError(self.env._("Choose the operation to refund."))
            result = card.refund(reference=self.refund_entry_id.reference, terminal=self.terminal)
        elif operation == "earn_points":
            result = card.earn_points(amount_spent=self.amount, reference=self.reference, terminal=self.terminal)
        elif operation == "redeem_points":
            result = card.redeem_points(points=self.points, reference=self.reference, terminal=self.terminal)
        elif operation == "convert_points":
            result = card.convert_points(points=self.points, reference=self.reference, terminal=self.terminal)
        else:
            result = card.adjust(amount_paid=self.amount_paid, amount_bonus=self.amount_bonus,
                                 points=self.points_change, reason=self.reason, reference=self.reference,
                                 terminal=self.terminal)
        message = self.env._(
            "%(operation)s %(reference)s: paid %(paid)s, bonus %(bonus)s, %(points)s points.",
            operation=dict(self._fields["operation"]._description_selection(self.env))[operation],
            reference=result["reference"], paid=card._format_yen(result["balance_paid"]),
            bonus=card._format_yen(result["balance_bonus"]), points=card._format_number(result["points"]))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
