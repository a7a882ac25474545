from odoo import api, fields, models
from odoo.tools import SQL

from ..models.valuecard_card import CARD_STATES
from ..models.valuecard_lot import LOT_BUCKETS


class ValuecardBalanceReport(models.Model):
    """Outstanding value per lot: what customers can still spend, by bucket,
    program, company and expiry month."""

    _name = "valuecard.balance.report"
    _description = "Value card outstanding balances"
    _auto = False
    _rec_name = "card_id"
    _order = "expiry_date, card_id"

    card_id = fields.Many2one("valuecard.card", readonly=True)
    program_id = fields.Many2one("valuecard.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    card_state = fields.Selection(CARD_STATES, string="Card status", readonly=True)
    bucket = fields.Selection(LOT_BUCKETS, readonly=True)
    expiry_date = fields.Date(string="Expiry date", readonly=True,
                              help="Empty for value that never expires.")
    balance_paid = fields.Monetary(string="Paid balance", readonly=True, currency_field="currency_id")
    balance_bonus = fields.Monetary(string="Bonus balance", readonly=True, currency_field="currency_id")
    balance_value = fields.Monetary(
        string="Value balance", readonly=True, currency_field="currency_id",
        help="Paid and bonus value together: what the cards can still pay.")
    points = fields.Integer(readonly=True)

    _depends = {
        "valuecard.lot": ["card_id", "bucket", "amount_remaining", "expiry_date", "company_id"],
        "valuecard.card": ["program_id", "partner_id", "state"],
        "valuecard.program": ["currency_id"],
    }

    @property
    def _table_query(self):
        return self._query()

    @api.model
    def _query(self):
        return SQL(
            """
            SELECT lot.id AS id,
                   lot.card_id AS card_id,
                   card.program_id AS program_id,
                   lot.company_id AS company_id,
                   program.currency_id AS currency_id,
                   card.partner_id AS partner_id,
                   card.state AS card_state,
                   lot.bucket AS bucket,
                   lot.expiry_date AS expiry_date,
                   CASE WHEN lot.bucket = 'paid' THEN lot.amount_remaining ELSE 0 END AS balance_paid,
                   CASE WHEN lot.bucket = 'bonus' THEN lot.amount_remaining ELSE 0 END AS balance_bonus,
                   CASE WHEN lot.bucket IN ('paid', 'bonus') THEN lot.amount_remaining ELSE 0 END
                       AS balance_value,
                   CASE WHEN lot.bucket = 'points' THEN lot.amount_remaining ELSE 0 END::integer AS points
              FROM valuecard_lot lot
              JOIN valuecard_card card ON card.id = lot.card_id
              JOIN valuecard_program program ON program.id = card.program_id
             WHERE lot.amount_remaining != 0
            """
        )
