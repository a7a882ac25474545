from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.valuecard_lot import LOT_BUCKETS


class ValuecardExpiryReport(models.Model):
    """Breakage and value about to expire.

    Rows of status ``expired`` are the ledger's expiry entries (value the
    customers lost, which the shop keeps); the other rows are lots still
    holding value, placed by how soon they expire counted from today.
    """

    _name = "valuecard.expiry.report"
    _description = "Value card expiry and breakage"
    _auto = False
    _rec_name = "card_id"
    _order = "date desc, id"

    status = fields.Selection([
        ("expired", "Expired (breakage)"),
        ("overdue", "Past expiry, not yet written off"),
        ("due_30", "Expires within 30 days"),
        ("due_60", "Expires in 31 to 60 days"),
        ("due_90", "Expires in 61 to 90 days"),
        ("later", "Expires after 90 days"),
    ], readonly=True)
    date = fields.Date(string="Expiry date", readonly=True)
    card_id = fields.Many2one("valuecard.card", readonly=True)
    program_id = fields.Many2one("valuecard.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    bucket = fields.Selection(LOT_BUCKETS, readonly=True)
    amount_paid = fields.Monetary(string="Paid value", readonly=True, currency_field="currency_id")
    amount_bonus = fields.Monetary(string="Bonus value", readonly=True, currency_field="currency_id")
    amount_value = fields.Monetary(string="Value", readonly=True, currency_field="currency_id",
                                   help="Paid and bonus value together.")
    points = fields.Integer(readonly=True)

    _depends = {
        "valuecard.entry": ["card_id", "company_id", "kind", "amount_paid", "amount_bonus", "points",
                            "lot_id", "date"],
        "valuecard.lot": ["card_id", "bucket", "amount_remaining", "expiry_date", "company_id"],
        "valuecard.card": ["program_id", "partner_id"],
        "valuecard.program": ["currency_id"],
    }

    @property
    def _table_query(self):
        return self._query(fields.Date.context_today(self))

    @api.model
    def _query(self, today):
        return SQL(
            """
            SELECT entry.id * 2 AS id,
                   'expired' AS status,
                   COALESCE(lot.expiry_date, entry.date::date) AS date,
                   entry.card_id AS card_id,
                   card.program_id AS program_id,
                   entry.company_id AS company_id,
                   program.currency_id AS currency_id,
                   card.partner_id AS partner_id,
                   COALESCE(lot.bucket, CASE WHEN entry.amount_paid != 0 THEN 'paid'
                                             WHEN entry.amount_bonus != 0 THEN 'bonus'
                                             ELSE 'points' END) AS bucket,
                   -entry.amount_paid AS amount_paid,
                   -entry.amount_bonus AS amount_bonus,
                   -(entry.amount_paid + entry.amount_bonus) AS amount_value,
                   -entry.points AS points
              FROM valuecard_entry entry
              JOIN valuecard_card card ON card.id = entry.card_id
              JOIN valuecard_program program ON program.id = card.program_id
              LEFT JOIN valuecard_lot lot ON lot.id = entry.lot_id
             WHERE entry.kind = 'expiry'
            UNION ALL
            SELECT lot.id * 2 + 1 AS id,
                   CASE WHEN lot.expiry_date < %(today)s THEN 'overdue'
                        WHEN lot.expiry_date <= %(d30)s THEN 'due_30'
                        WHEN lot.expiry_date <= %(d60)s THEN 'due_60'
                        WHEN lot.expiry_date <= %(d90)s THEN 'due_90'
                        ELSE 'later' END AS status,
                   lot.expiry_date AS date,
                   lot.card_id, lot.program_id, lot.company_id, lot.currency_id, lot.partner_id, lot.bucket,
                   lot.balance_paid AS amount_paid,
                   lot.balance_bonus AS amount_bonus,
                   lot.balance_value AS amount_value,
                   lot.points AS points
              FROM (%(lots)s) lot
             WHERE lot.expiry_date IS NOT NULL
            """,
            lots=self.env["valuecard.balance.report"]._query(),
            today=today, d30=today + timedelta(days=30), d60=today + timedelta(days=60),
            d90=today + timedelta(days=90),
        )
