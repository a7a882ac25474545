from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .valuecard_entry import REFUNDABLE_KINDS

#: what the ledger keeps on the customer for searches and segments
SUMMARY_FIELDS = ("valuecard_balance", "valuecard_points", "valuecard_last_use", "valuecard_lifetime_charge")
#: entries that are a use of the card by its holder: the operations a refund may reverse
USE_KINDS = REFUNDABLE_KINDS


class ResPartner(models.Model):
    """The value-card summary of a customer, stored and indexed so that
    segments and filters ("card balance ≥ ¥5,000", "no use in 60 days") stay
    fast on a million customers. The ledger's posting path keeps them in the
    statement that writes its entries (``_summary_update_sql``); nothing else
    writes them."""

    _inherit = "res.partner"

    valuecard_card_ids = fields.One2many("valuecard.card", "partner_id", string="Value Cards",
                                         groups="crm_smart_base.group_smart_user")
    valuecard_card_count = fields.Integer(string="Value Card Count", compute="_compute_valuecard_card_count")
    valuecard_currency_id = fields.Many2one("res.currency", string="Card Currency",
                                            compute="_compute_valuecard_currency_id",
                                            groups="crm_smart_base.group_smart_user")
    valuecard_balance = fields.Monetary(
        string="Card Balance", currency_field="valuecard_currency_id", readonly=True, index=True, copy=False,
        groups="crm_smart_base.group_smart_user", help="Paid and bonus value left on all the customer's cards.")
    valuecard_points = fields.Integer(
        string="Card Points", readonly=True, index=True, copy=False, groups="crm_smart_base.group_smart_user",
        help="Points left on all the customer's cards.")
    valuecard_last_use = fields.Datetime(
        string="Last Card Use", readonly=True, index=True, copy=False, groups="crm_smart_base.group_smart_user",
        help="Last charge, payment or points operation on one of the customer's cards.")
    valuecard_lifetime_charge = fields.Monetary(
        string="Lifetime Charge", currency_field="valuecard_currency_id", readonly=True, index=True, copy=False,
        groups="crm_smart_base.group_smart_user",
        help="Paid value ever charged on the customer's cards, less refunded charges.")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_valuecard_card_count(self):
        if not self.env["valuecard.card"].has_access("read"):
            self.valuecard_card_count = 0
            return
        counts = dict(self.env["valuecard.card"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.valuecard_card_count = counts.get(partner._origin, 0)

    @api.depends_context("company")
    def _compute_valuecard_currency_id(self):
        self.valuecard_currency_id = self.env.company.currency_id

    @api.model_create_multi
    def create(self, vals_list):
        if any(set(vals) & set(SUMMARY_FIELDS) for vals in vals_list):
            self._refuse_valuecard_summary()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & set(SUMMARY_FIELDS):
            self._refuse_valuecard_summary()
        return super().write(vals)

    def action_view_valuecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_valuecard.valuecard_card_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _refuse_valuecard_summary(self):
        raise UserError(self.env._("The value card summary of a customer is kept by the card ledger and "
                                   "cannot be written."))

    @api.model
    def _valuecard_summary_update_sql(self, card_id, movements, now):
        """The UPDATE of the summary of the customer of card ``card_id`` by
        ``movements`` (the ledger's ``{"kind", "bucket", "amount"}``), as a
        CTE for the posting statement: deltas only, so a posting stays one
        statement whatever the number of cards and entries of the customer.
        Deltas and ``GREATEST`` also keep it exact in a READ COMMITTED
        posting (see the ledger's ``_lock_and_load``): when two cards of one
        customer post at once, the second UPDATE waits for the first and then
        applies to the row the first committed."""
        balance = points = charged = 0
        used = False
        for move in movements:
            amount, bucket, kind = int(move["amount"]), move["bucket"], move["kind"]
            if bucket == "points":
                points += amount
            else:
                balance += amount
            # a refunded charge takes paid value back: the only refund that does
            if kind == "charge" or (kind == "refund" and bucket == "paid" and amount < 0):
                charged += amount
            used = used or kind in USE_KINDS
        return SQL(
            """partner_summary AS (
                 UPDATE res_partner SET valuecard_balance = COALESCE(valuecard_balance, 0) + %(balance)s,
                                        valuecard_points = COALESCE(valuecard_points, 0) + %(points)s,
                                        valuecard_lifetime_charge = COALESCE(valuecard_lifetime_charge, 0)
                                                                    + %(charged)s,
                                        valuecard_last_use = CASE WHEN %(used)s
                                                                  THEN GREATEST(valuecard_last_use, %(now)s)
                                                                  ELSE valuecard_last_use END
                  WHERE id = (SELECT partner_id FROM valuecard_card WHERE id = %(card)s))""",
            balance=balance, points=points, charged=charged, used=used, now=now, card=card_id)

    def _valuecard_refresh_summary(self):
        """Recompute the summary of these customers from their cards and
        ledgers, when a card changes hands."""
        if self:
            self._valuecard_recompute(SQL("(SELECT unnest(%s::int[]))", list(self.ids)))

    @api.model
    def _valuecard_refresh_all_summaries(self):
        """Recompute the summary of every card holder: at install."""
        self._valuecard_recompute(
            SQL("(SELECT DISTINCT partner_id FROM valuecard_card WHERE partner_id IS NOT NULL)"))

    @api.model
    def _valuecard_recompute(self, partners):
        """Recompute the summary of the customers whose ids ``partners`` (SQL) selects."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """WITH cards AS (
                    SELECT partner_id, SUM(balance_paid + balance_bonus) AS balance, SUM(points) AS points
                      FROM valuecard_card WHERE partner_id IN %(partners)s GROUP BY partner_id),
                  used AS (
                    SELECT c.partner_id,
                           MAX(e.date) FILTER (WHERE e.kind IN %(use_kinds)s) AS last_use,
                           SUM(e.amount_paid) FILTER (WHERE e.kind = 'charge'
                                                         OR (e.kind = 'refund' AND e.amount_paid < 0)) AS charged
                      FROM valuecard_entry e JOIN valuecard_card c ON c.id = e.card_id
                     WHERE c.partner_id IN %(partners)s GROUP BY c.partner_id)
               UPDATE res_partner p
                  SET valuecard_balance = COALESCE(cards.balance, 0), valuecard_points = COALESCE(cards.points, 0),
                      valuecard_last_use = used.last_use, valuecard_lifetime_charge = COALESCE(used.charged, 0)
                 FROM res_partner q LEFT JOIN cards ON cards.partner_id = q.id
                      LEFT JOIN used ON used.partner_id = q.id
                WHERE p.id = q.id AND q.id IN %(partners)s""",
            partners=partners, use_kinds=USE_KINDS))
        self.env["res.partner"].invalidate_model(list(SUMMARY_FIELDS))
