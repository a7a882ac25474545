from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import parse_bands


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    smart_rfm_method = fields.Selection(
        [("quintile", "Quintiles"), ("bands", "Thresholds")], string="RFM Scores",
        config_parameter="crm_smart_history.rfm_method", default="quintile",
        help="Quintiles: each score holds a fifth of the customers with purchases. "
        "Thresholds: the scores follow the limits below.")
    smart_rfm_recency_bands = fields.Char(
        string="Recency thresholds (days)", config_parameter="crm_smart_history.rfm_recency_bands",
        default="30,90,180,365", help="Days since the last purchase for the scores 5, 4, 3 and 2 (at most).")
    smart_rfm_frequency_bands = fields.Char(
        string="Frequency thresholds (purchases)", config_parameter="crm_smart_history.rfm_frequency_bands",
        default="2,4,8,16", help="Purchases needed for the scores 2, 3, 4 and 5 (at least).")
    smart_rfm_monetary_bands = fields.Char(
        string="Monetary thresholds (yen)", config_parameter="crm_smart_history.rfm_monetary_bands",
        default="5000,20000,50000,100000", help="Total purchases needed for the scores 2, 3, 4 and 5 (at least).")
    smart_ltv_lifetime_years = fields.Float(
        string="Expected customer lifetime (years)", config_parameter="crm_smart_history.ltv_lifetime_years",
        default=3.0)
    smart_ltv_discount_rate = fields.Float(
        string="Discount rate (% a year)", config_parameter="crm_smart_history.ltv_discount_rate", default=0.0,
        help="Future purchases are worth less today: each later year is divided by (1 + rate).")

    @api.constrains("smart_rfm_recency_bands", "smart_rfm_frequency_bands", "smart_rfm_monetary_bands",
                    "smart_ltv_lifetime_years", "smart_ltv_discount_rate")
    def _check_smart_customer_value(self):
        for settings in self:
            for name in ("smart_rfm_recency_bands", "smart_rfm_frequency_bands", "smart_rfm_monetary_bands"):
                if settings[name] and not parse_bands(settings[name]):
                    raise ValidationError(self.env._(
                        "%(setting)s: write four increasing whole numbers, such as 30,90,180,365.",
                        setting=settings._fields[name].get_description(self.env)["string"]))
            if settings.smart_ltv_lifetime_years < 0 or settings.smart_ltv_discount_rate < 0:
                raise ValidationError(self.env._("The expected lifetime and the discount rate cannot be negative."))
