import logging

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import RFM_LABELS, ltv_factor, parse_bands

_logger = logging.getLogger(__name__)

PARAM = "crm_smart_history."
DEFAULTS = {
    "rfm_method": "quintile",
    "rfm_recency_bands": "30,90,180,365",
    "rfm_frequency_bands": "2,4,8,16",
    "rfm_monetary_bands": "5000,20000,50000,100000",
    "ltv_lifetime_years": "3",
    "ltv_discount_rate": "0",
}
# the customer columns this computation writes (and that users may not)
VALUE_COLUMNS = ("smart_last_purchase_date", "smart_recency_days", "smart_purchase_count", "smart_monetary",
                 "smart_r_score", "smart_f_score", "smart_m_score", "smart_rfm_code", "smart_rfm_label",
                 "smart_ltv", "smart_value_date")


class SmartCustomerValue(models.AbstractModel):
    """RFM scores and lifetime value of every customer, computed in SQL from
    the visits that are purchases (done, amount above zero) and written on
    the customers; a customer without purchases keeps empty figures.

    * recency: days since the last purchase; frequency: number of
      purchases; monetary: their total (yen);
    * scores 1 to 5: quintiles of the customers with purchases
      (``CEIL(5 × cume_dist)``, so equal figures get equal scores) or, as set
      in the settings, four thresholds each;
    * label: the first rule of ``tools.RFM_LABELS`` the scores meet;
    * lifetime value: average purchase × purchases a year × the discounted
      expected lifetime = monetary ÷ years since the first purchase (at
      least one) × ``tools.ltv_factor(lifetime, discount rate)``.

    Each run also records the month's label of every scored customer
    (``smart.customer.value.snapshot``) to show movement between labels."""

    _name = "smart.customer.value"
    _description = "Customer Value Computation"

    @api.model
    def action_recompute(self):
        """Recompute every customer's value now (button of managers)."""
        if not self.env.user.has_group("crm_smart_base.group_smart_manager"):
            raise AccessError(self.env._("Only Smart CRM managers may recompute customer values."))
        counts = self.sudo()._recompute()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Customer values recomputed: %(scored)s customers scored.",
                                      scored=counts["scored"]),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_recompute(self):
        counts = self._recompute()
        _logger.info("Customer values recomputed: %(scored)s scored, %(cleared)s cleared", counts)

    @api.private
    def _settings(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        return {key: get(PARAM + key, default) for key, default in DEFAULTS.items()}

    @api.private
    def _recompute(self):
        """Write the figures, scores, labels and lifetime values of all
        customers and the month's snapshot; returns the counts of customers
        scored and cleared."""
        settings = self._settings()
        self.env.flush_all()
        now = self.env.cr.now()
        try:
            factor = ltv_factor(settings["ltv_lifetime_years"], float(settings["ltv_discount_rate"]) / 100)
        except ValueError:
            factor = ltv_factor(DEFAULTS["ltv_lifetime_years"], 0)
        scores = self._score_sql(settings)
        label = SQL("CASE %s END", SQL(" ").join(
            SQL("WHEN %s THEN %s", SQL(condition), key) for key, _name, condition in RFM_LABELS))
        self.env.cr.execute(SQL(
            """WITH purchases AS (
                   SELECT partner_id, max(date) AS last_date, min(date) AS first_date, count(*) AS frequency,
                          sum(amount) AS monetary
                     FROM smart_visit WHERE state = 'done' AND amount > 0 GROUP BY partner_id
               ), figures AS (
                   SELECT *, GREATEST(0, EXTRACT(DAY FROM %(now)s - last_date))::int AS recency,
                          GREATEST(EXTRACT(EPOCH FROM %(now)s - first_date) / (365.25 * 86400), 1) AS years
                     FROM purchases
               ), scored AS (
                   SELECT *, %(scores)s FROM figures
               ), valued AS (
                   SELECT partner_id, last_date, recency, frequency, monetary, r, f, m,
                          concat(r, f, m) AS code, %(label)s AS label,
                          round(monetary / years * %(factor)s) AS ltv
                     FROM scored
               )
               UPDATE res_partner p
                  SET smart_last_purchase_date = v.last_date, smart_recency_days = v.recency,
                      smart_purchase_count = v.frequency, smart_monetary = v.monetary, smart_r_score = v.r,
                      smart_f_score = v.f, smart_m_score = v.m, smart_rfm_code = v.code,
                      smart_rfm_label = v.label, smart_ltv = v.ltv, smart_value_date = %(now)s
                 FROM valued v
                WHERE p.id = v.partner_id""",
            now=now, scores=scores, label=label, factor=factor))
        scored = self.env.cr.rowcount
        # customers whose purchases are gone (refunded, removed) lose their figures: no score is not zero
        self.env.cr.execute(SQL(
            """UPDATE res_partner p SET %s
                WHERE p.smart_value_date IS NOT NULL
                  AND NOT EXISTS (SELECT FROM smart_visit v
                                   WHERE v.partner_id = p.id AND v.state = 'done' AND v.amount > 0)""",
            SQL(", ").join(SQL("%s = NULL", SQL.identifier(name)) for name in VALUE_COLUMNS)))
        cleared = self.env.cr.rowcount
        self.env["smart.customer.value.snapshot"]._record_month(now)
        self.env["res.partner"].invalidate_model(list(VALUE_COLUMNS))
        return {"scored": scored, "cleared": cleared}

    @api.private
    def _score_sql(self, settings):
        """The SQL of the columns r, f and m: quintiles or thresholds."""
        bands = {key: parse_bands(settings[f"rfm_{key}_bands"]) for key in ("recency", "frequency", "monetary")}
        if settings["rfm_method"] != "bands" or not all(bands.values()):
            # CEIL(5 × cume_dist) in integers: count(*) over an ordered window counts the rows up to the
            # value, equal values included
            return SQL(
                """((5 * count(*) OVER (ORDER BY last_date) + count(*) OVER () - 1) / count(*) OVER ())::int AS r,
                   ((5 * count(*) OVER (ORDER BY frequency) + count(*) OVER () - 1) / count(*) OVER ())::int AS f,
                   ((5 * count(*) OVER (ORDER BY monetary) + count(*) OVER () - 1) / count(*) OVER ())::int AS m""")
        # "at most 30 days" scores 5: width_bucket counts the thresholds at or below the value
        return SQL(
            """5 - width_bucket(recency, %s::int[]) AS r,
               1 + width_bucket(frequency::int, %s::int[]) AS f,
               1 + width_bucket(monetary, %s::numeric[]) AS m""",
            [days + 1 for days in bands["recency"]], bands["frequency"], bands["monetary"])
