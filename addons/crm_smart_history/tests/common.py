import datetime

from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


class SmartHistoryCase(SmartCrmCase):
    """Customers with known purchase histories, and helpers to add visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_marketer = new_test_user(cls.env, login="smart_marketer",
                                          groups="crm_smart_base.group_smart_marketer", name="Marketer Ueda")
        cls.Visit = cls.env["smart.visit"]
        # the transaction's time, which the computation uses as now
        cls.now = cls.env.cr.now()
        # the customers already in the database (demo data) take part in the quintiles: start from none
        cls.env.cr.execute(SQL("DELETE FROM smart_customer_value_snapshot; DELETE FROM smart_visit"))
        cls.env["smart.visit"].invalidate_model()
        cls.Partner = cls.env["res.partner"]

    @classmethod
    def add_visits(cls, partner, amounts_by_days_ago, **vals):
        """One done visit per ``(days ago, amount)``, written as the system does."""
        return cls.Visit.sudo().create([{
            "partner_id": partner.id,
            "date": cls.now - datetime.timedelta(days=days),
            "amount": amount,
            **vals,
        } for days, amount in amounts_by_days_ago])

    def use_bands(self, lifetime_years, discount_rate):
        """Scores by the thresholds of the readme's example, and this lifetime and discount rate (%)."""
        self.env["res.config.settings"].create({
            "smart_rfm_method": "bands", "smart_rfm_recency_bands": "30,90,180,365",
            "smart_rfm_frequency_bands": "2,4,8,16", "smart_rfm_monetary_bands": "5000,20000,50000,100000",
            "smart_ltv_lifetime_years": lifetime_years, "smart_ltv_discount_rate": discount_rate,
        }).execute()

    def recompute(self):
        return self.env["smart.customer.value"]._recompute()

    def stored(self, partner, column):
        """The raw column value (``None`` is NULL)."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT %s FROM res_partner WHERE id = %s", SQL.identifier(column), partner.id))
        return self.env.cr.fetchone()[0]
