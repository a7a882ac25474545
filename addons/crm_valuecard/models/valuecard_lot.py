from odoo import api, fields, models
from odoo.exceptions import UserError

LOT_BUCKETS = [("paid", "Paid Value"), ("bonus", "Bonus Value"), ("points", "Points")]


class ValuecardLot(models.Model):
    """A slice of value with one origin and one expiry date. Payments draw on
    lots (value that expires sooner first); the ledger entries that created
    and consumed a lot always add up to its remaining amount. Lots are
    inserted and updated with SQL by the posting path (valuecard.card._post)
    only."""

    _name = "valuecard.lot"
    _description = "Value Card Lot"
    _order = "card_id, expiry_date asc nulls last, id"

    card_id = fields.Many2one("valuecard.card", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="card_id.currency_id")
    bucket = fields.Selection(LOT_BUCKETS, required=True, readonly=True)
    entry_id = fields.Many2one("valuecard.entry", string="Origin Entry", readonly=True, index="btree_not_null",
                               ondelete="set null")
    amount_initial = fields.Integer(readonly=True, help="Value the lot was created with (yen or points).")
    amount_remaining = fields.Integer(readonly=True, help="Value of the lot not yet spent or expired.")
    expiry_date = fields.Date(readonly=True, help="Last day on which the lot can be spent.")
    # yen and points apart, so that a list of lots never adds one to the other
    value_remaining = fields.Monetary(
        string="Value Left", compute="_compute_remaining_by_unit",
        help="Paid or bonus value of the lot left, in the card's currency; empty for a lot of points.")
    points_remaining = fields.Integer(
        string="Points Left", compute="_compute_remaining_by_unit",
        help="Points of the lot left; empty for a lot of paid or bonus value.")

    _remaining_in_range = models.Constraint(
        "CHECK(amount_remaining >= 0 AND amount_remaining <= amount_initial)",
        "A lot can neither go below zero nor above the value it was created with.",
    )

    @api.depends("bucket", "amount_remaining")
    def _compute_remaining_by_unit(self):
        for lot in self:
            points = lot.bucket == "points"
            lot.value_remaining = 0 if points else lot.amount_remaining
            lot.points_remaining = lot.amount_remaining if points else 0

    @api.depends("card_id", "bucket", "expiry_date", "amount_remaining")
    def _compute_display_name(self):
        buckets = dict(self._fields["bucket"]._description_selection(self.env))
        for lot in self:
            lot.display_name = "%s %s %s" % (lot.card_id.number or "", buckets.get(lot.bucket, ""),
                                             lot.expiry_date or "")

    @api.model_create_multi
    def create(self, vals_list):
        if vals_list:
            raise UserError(self.env._("Value card lots are created by the ledger only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Value card lots are changed by the ledger only."))
        return super().write(vals)
