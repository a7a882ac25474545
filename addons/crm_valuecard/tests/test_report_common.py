from odoo.tests import TransactionCase, freeze_time, new_test_user


class ValuecardReportCase(TransactionCase):
    """Ledgers built through the public card operations, to check the reports' figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Asia/Tokyo"
        # large figures: no company limit
        cls.company.write({"valuecard_max_balance": 0, "valuecard_max_charge": 0, "valuecard_max_charge_per_day": 0})
        cls.env.user.tz = "Asia/Tokyo"
        cls.manager = new_test_user(cls.env, login="vc_report_manager", groups="crm_smart_base.group_smart_manager",
                                    name="Manager Ueda")
        cls.customer = cls.env["res.partner"].create({"name": "レポート 花子"})
        cls.program = cls.env["valuecard.program"].create({
            "name": "Report card",
            "company_id": cls.company.id,
            "number_prefix": "RP",
            "paid_validity_months": 0,
            "bonus_validity_days": 60,
            "points_validity_days": 365,
            "point_rate_amount": 100,
            "point_value": 1,
        })
        # charge 10,000 or more, get 1,000 bonus
        cls.env["valuecard.rule"].create({
            "program_id": cls.program.id, "name": "10,000 + 1,000", "min_amount": 10000, "bonus_fixed": 1000,
        })

    @classmethod
    def _card(cls, program=None, **vals):
        return cls.env["valuecard.card"].create({
            "program_id": (program or cls.program).id,
            "partner_id": cls.customer.id,
            **vals,
        })

    def at(self, moment):
        """Post what follows as if at ``moment`` (UTC)."""
        return freeze_time(moment)
