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
# memory for the sorts and groupings of one computation (PostgreSQL's default, 4 MB, spills them to disk)
WORK_MEM = "64MB"
# the figures a customer's row holds, compared with the computed ones to write only those that changed
STORED_FIGURES = ("smart_last_purchase_date", "smart_purchase_count", "smart_monetary", "smart_r_score",
                  "smart_f_score", "smart_m_score", "smart_rfm_code", "smart_rfm_label", "smart_ltv")
# the customer columns this computation writes (and that users may not)
VALUE_COLUMNS = (*STORED_FIGURES, "smart_value_date")


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
      expected lifetime = monetary ÷ years since the first purchase (whole
      days ÷ 365.25, at least one) × ``tools.ltv_factor(lifetime, discount
      rate)``: counted in whole days, a customer's value does not move within
      a day, so a second computation the same day writes nobody.

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
        _logger.info("Customer values recomputed: %(scored)s scored, %(written)s changed, %(cleared)s cleared", counts)

    @api.private
    def _settings(self):
        get = self.env["ir.config_parameter"].sudo().get_param
        return {key: get(PARAM + key, default) for key, default in DEFAULTS.items()}

    @api.private
    def _recompute(self):
        """Write the figures, scores, labels and lifetime values of the
        customers whose value changed and the month's snapshot; returns the
        counts of customers scored, written (figures changed) and cleared.

        One statement computes every customer's value (grouping, the three
        score windows, label and lifetime value in SQL) and updates only the
        customers whose stored figures differ: a customer row written is a new
        row version in every index of ``res_partner``, which costs far more
        than computing it. The days since the last purchase are not stored
        (they change every day for everyone): ``res.partner`` computes them."""
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
        stored = SQL(", ").join(SQL("p.%s", SQL.identifier(name)) for name in STORED_FIGURES)
        # the grouping of every purchase and the three score windows sort in memory rather than on disk; the
        # joins over every customer are hashed whatever the statistics say (taken before a run that scored
        # everyone, they would plan a nested loop over every customer for every customer)
        self.env.cr.execute(SQL("SET LOCAL work_mem = %s; SET LOCAL enable_nestloop = off", WORK_MEM))
        self.env.cr.execute(SQL(
            """WITH purchases AS (
                   SELECT partner_id, max(date) AS last_date, min(date) AS first_date, count(*) AS frequency,
                          sum(amount) AS monetary
                     FROM smart_visit WHERE state = 'done' AND amount > 0 GROUP BY partner_id
               ), figures AS (
                   SELECT *, GREATEST(0, EXTRACT(DAY FROM %(now)s - last_date))::int AS recency,
                          GREATEST(EXTRACT(DAY FROM %(now)s - first_date) / 365.25, 1) AS years
                     FROM purchases
               ), scored AS (
                   SELECT *, %(scores)s FROM figures
               ), valued AS (
                   SELECT partner_id, last_date, frequency::int AS frequency, monetary, r, f, m,
                          concat(r, f, m)::varchar AS code, (%(label)s)::varchar AS label,
                          round(monetary / years * %(factor)s)::numeric AS ltv
                     FROM scored
               ), written AS (
                   UPDATE res_partner p
                      SET smart_last_purchase_date = v.last_date, smart_purchase_count = v.frequency,
                          smart_monetary = v.monetary, smart_r_score = v.r, smart_f_score = v.f, smart_m_score = v.m,
                          smart_rfm_code = v.code, smart_rfm_label = v.label, smart_ltv = v.ltv,
                          smart_value_date = %(now)s
                     FROM valued v
                    WHERE p.id = v.partner_id
                      AND (%(stored)s) IS DISTINCT FROM
                          (v.last_date, v.frequency, v.monetary, v.r, v.f, v.m, v.code, v.label, v.ltv)
                RETURNING p.id
               ), cleared AS (
                   -- customers whose purchases are gone (refunded, removed) lose their figures: no score is not zero
                   UPDATE res_partner p SET %(clear)s
                    WHERE p.smart_value_date IS NOT NULL
                      AND NOT EXISTS (SELECT FROM valued v WHERE v.partner_id = p.id)
                RETURNING p.id
               )
               SELECT (SELECT count(*) FROM valued), (SELECT count(*) FROM written), (SELECT count(*) FROM cleared)""",
            now=now, scores=scores, label=label, factor=factor, stored=stored,
            clear=SQL(", ").join(SQL("%s = NULL", SQL.identifier(name)) for name in VALUE_COLUMNS)))
        scored, written, cleared = self.env.cr.fetchone()
        self.env["smart.customer.value.snapshot"]._record_month(now)
        self.env.cr.execute(SQL("RESET work_mem; RESET enable_nestloop"))
        self.env["res.partner"].invalidate_model(list(VALUE_COLUMNS))
        return {"scored": scored, "written": written, "cleared": cleared}

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
