from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import RFM_LABELS

LABEL_SELECTION = [(key, name) for key, name, _condition in RFM_LABELS]


class SmartCustomerValueSnapshot(models.Model):
    """The label of each scored customer in a month, with the label of the
    month before: the movement between labels, month to month, in a pivot.
    Written by the customer value computation (the last run of a month
    stays), never by users."""

    _name = "smart.customer.value.snapshot"
    _description = "Customer Value by Month"
    _order = "month desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="cascade", readonly=True)
    month = fields.Date(required=True, index=True, readonly=True, help="First day of the month.")
    label = fields.Selection(LABEL_SELECTION, string="Segment", required=True, readonly=True)
    previous_label = fields.Selection(LABEL_SELECTION, string="Segment the Month Before", readonly=True)
    changed = fields.Boolean(string="Changed Segment", readonly=True)
    r_score = fields.Integer(string="R", readonly=True, aggregator="avg")
    f_score = fields.Integer(string="F", readonly=True, aggregator="avg")
    m_score = fields.Integer(string="M", readonly=True, aggregator="avg")
    monetary = fields.Float(string="Purchases (JPY)", digits=(16, 0), readonly=True)
    ltv = fields.Float(string="Lifetime Value (JPY)", digits=(16, 0), readonly=True)

    _partner_month_unique = models.Constraint(
        "UNIQUE(partner_id, month)", "A customer has one value snapshot a month.")

    @api.private
    def _record_month(self, now):
        """Record (or replace) this month's snapshot of every scored customer;
        rows that would not change are left as they are (not even locked:
        an upsert locks every row it meets)."""
        month = now.date().replace(day=1)
        uid = self.env.uid
        self.env.cr.execute(SQL(
            """INSERT INTO smart_customer_value_snapshot
                      (partner_id, month, label, previous_label, changed, r_score, f_score, m_score, monetary, ltv,
                       create_uid, create_date, write_uid, write_date)
               SELECT p.id, %(month)s, p.smart_rfm_label, prev.label, prev.label IS DISTINCT FROM p.smart_rfm_label,
                      p.smart_r_score, p.smart_f_score,
                      p.smart_m_score, p.smart_monetary, p.smart_ltv, %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM res_partner p
            LEFT JOIN smart_customer_value_snapshot prev ON prev.partner_id = p.id AND prev.month = %(previous)s
                WHERE p.smart_rfm_label IS NOT NULL
                  AND NOT EXISTS (
                      SELECT FROM smart_customer_value_snapshot cur
                       WHERE cur.partner_id = p.id AND cur.month = %(month)s
                         AND (cur.label, cur.previous_label, cur.r_score, cur.f_score, cur.m_score, cur.monetary,
                              cur.ltv)
                             IS NOT DISTINCT FROM (p.smart_rfm_label, prev.label, p.smart_r_score, p.smart_f_score,
                                                   p.smart_m_score, p.smart_monetary, p.smart_ltv))
           ON CONFLICT (partner_id, month) DO UPDATE
                  SET label = EXCLUDED.label, previous_label = EXCLUDED.previous_label, changed = EXCLUDED.changed,
                      r_score = EXCLUDED.r_score, f_score = EXCLUDED.f_score, m_score = EXCLUDED.m_score,
                      monetary = EXCLUDED.monetary, ltv = EXCLUDED.ltv, write_uid = EXCLUDED.write_uid,
                      write_date = EXCLUDED.write_date""",
            month=month, previous=month - relativedelta(months=1), uid=uid, now=now))
        # a customer no longer scored this month has no snapshot of it
        self.env.cr.execute(SQL(
            """DELETE FROM smart_customer_value_snapshot s USING res_partner p
                WHERE s.partner_id = p.id AND s.month = %s AND p.smart_rfm_label IS NULL""", month))
        self.invalidate_model()
