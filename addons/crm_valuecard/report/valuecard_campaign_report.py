from odoo import api, fields, models
from odoo.tools import SQL

#: days compared before and after a campaign's grant
CAMPAIGN_WINDOW_DAYS = 30


class ValuecardCampaignReport(models.Model):
    """What a campaign gave and what it brought back: the value granted, how
    much of it was spent, and how much the granted cards spent in the 30 days
    after the grant against the 30 days before it."""

    _name = "valuecard.campaign.report"
    _description = "Value card campaign effect"
    _auto = False
    _rec_name = "campaign_id"
    _order = "grant_date desc, campaign_id"

    campaign_id = fields.Many2one("valuecard.campaign", readonly=True)
    program_id = fields.Many2one("valuecard.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    grant_date = fields.Date(string="Granted on", readonly=True)
    cards_granted = fields.Integer(string="Cards granted", readonly=True)
    value_granted = fields.Monetary(string="Value granted", readonly=True, currency_field="currency_id")
    points_granted = fields.Integer(string="Points granted", readonly=True)
    value_spent = fields.Monetary(
        string="Granted value spent", readonly=True, currency_field="currency_id",
        help="Payments drawn on the value the campaign granted, net of refunds.")
    value_expired = fields.Monetary(string="Granted value expired", readonly=True, currency_field="currency_id")
    spend_before = fields.Monetary(
        string="Spend 30 days before", readonly=True, currency_field="currency_id",
        help="What the granted cards paid, from any bucket, in the 30 days before the grant.")
    spend_after = fields.Monetary(
        string="Spend 30 days after", readonly=True, currency_field="currency_id",
        help="What the granted cards paid, from any bucket, in the 30 days from the grant.")
    spend_uplift = fields.Monetary(string="Spend uplift", readonly=True, currency_field="currency_id",
                                   help="Spend after the grant minus spend before it.")

    _depends = {
        "valuecard.entry": ["card_id", "company_id", "kind", "amount_paid", "amount_bonus", "points",
                            "lot_id", "date", "reversed_entry_id", "campaign_id"],
        "valuecard.campaign": ["program_id"],
        "valuecard.program": ["currency_id"],
    }

    @property
    def _table_query(self):
        return self._query()

    @api.model
    def _query(self):
        # a payment counts net of its refund: refund entries reverse payment entries
        return SQL(
            """
            WITH grants AS (
                SELECT entry.campaign_id, entry.card_id, entry.lot_id, entry.company_id,
                       entry.amount_paid + entry.amount_bonus AS value, entry.points, entry.date
                  FROM valuecard_entry entry
                 WHERE entry.kind = 'campaign' AND entry.campaign_id IS NOT NULL
            ), spending AS (
                SELECT entry.id, entry.card_id, entry.lot_id, entry.date,
                       -(entry.amount_paid + entry.amount_bonus) AS value
                  FROM valuecard_entry entry
                  LEFT JOIN valuecard_entry reversed ON reversed.id = entry.reversed_entry_id
                 WHERE entry.kind = 'payment' OR (entry.kind = 'refund' AND reversed.kind = 'payment')
            ), campaigns AS (
                SELECT campaign_id, MIN(company_id) AS company_id, MIN(date) AS grant_at,
                       COUNT(DISTINCT card_id) AS cards, SUM(value) AS value, SUM(points) AS points
                  FROM grants
                 GROUP BY campaign_id
            ), lot_use AS (
                SELECT lots.campaign_id,
                       SUM(spending.value) AS spent
                  FROM (SELECT DISTINCT campaign_id, lot_id FROM grants WHERE lot_id IS NOT NULL) lots
                  JOIN spending ON spending.lot_id = lots.lot_id
                 GROUP BY lots.campaign_id
            ), lot_expiry AS (
                SELECT lots.campaign_id,
                       -SUM(entry.amount_paid + entry.amount_bonus) AS expired
                  FROM (SELECT DISTINCT campaign_id, lot_id FROM grants WHERE lot_id IS NOT NULL) lots
                  JOIN valuecard_entry entry ON entry.lot_id = lots.lot_id AND entry.kind = 'expiry'
                 GROUP BY lots.campaign_id
            ), card_spend AS (
                SELECT cards.campaign_id,
                       SUM(spending.value) FILTER (
                           WHERE spending.date >= campaigns.grant_at - make_interval(days => %(window)s)
                             AND spending.date < campaigns.grant_at) AS before,
                       SUM(spending.value) FILTER (
                           WHERE spending.date >= campaigns.grant_at
                             AND spending.date < campaigns.grant_at + make_interval(days => %(window)s)) AS after
                  FROM (SELECT DISTINCT campaign_id, card_id FROM grants) cards
                  JOIN campaigns ON campaigns.campaign_id = cards.campaign_id
                  JOIN spending ON spending.card_id = cards.card_id
                 GROUP BY cards.campaign_id
            )
            SELECT campaigns.campaign_id AS id,
                   campaigns.campaign_id AS campaign_id,
                   campaign.program_id AS program_id,
                   campaigns.company_id AS company_id,
                   program.currency_id AS currency_id,
                   campaigns.grant_at::date AS grant_date,
                   campaigns.cards AS cards_granted,
                   campaigns.value AS value_granted,
                   campaigns.points AS points_granted,
                   COALESCE(lot_use.spent, 0) AS value_spent,
                   COALESCE(lot_expiry.expired, 0) AS value_expired,
                   COALESCE(card_spend.before, 0) AS spend_before,
                   COALESCE(card_spend.after, 0) AS spend_after,
                   COALESCE(card_spend.after, 0) - COALESCE(card_spend.before, 0) AS spend_uplift
              FROM campaigns
              JOIN valuecard_campaign campaign ON campaign.id = campaigns.campaign_id
              JOIN valuecard_program program ON program.id = campaign.program_id
              LEFT JOIN lot_use ON lot_use.campaign_id = campaigns.campaign_id
              LEFT JOIN lot_expiry ON lot_expiry.campaign_id = campaigns.campaign_id
              LEFT JOIN card_spend ON card_spend.campaign_id = campaigns.campaign_id
            """,
            window=CAMPAIGN_WINDOW_DAYS,
        )
