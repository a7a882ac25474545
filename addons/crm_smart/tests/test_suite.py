from odoo.tests import tagged

from odoo.addons.crm_smart_data.tests.common import SmartFieldCase


@tagged("post_install", "-at_install")
class TestSmartCrmSuite(SmartFieldCase):
    """The app brings every Smart CRM feature, and they work together."""

    def test_app_installs_the_suite(self):
        installed = set(self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name"))
        self.assertLessEqual({"crm_smart_base", "crm_smart_data", "crm_smart_kana", "crm_smart_segment",
                              "crm_smart_sales", "crm_valuecard", "crm_survey", "crm_survey_valuecard",
                              "crm_smart_mail", "mass_mailing", "contacts"}, installed)

    def test_mailing_filters_see_custom_fields(self):
        """A custom field is a mailing filter like any customer field."""
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"])
        gold, silver = rank.choice_ids
        self.customer.write({rank.name: gold.id})
        self.env["res.partner"].create({"name": "佐藤 次郎", rank.name: silver.id})
        # marketing mail reaches only customers who consented (crm_smart_mail)
        self.env["smart.consent"]._record(self.customer, "given", "counter")
        partner_model = self.env["ir.model"]._get("res.partner")
        mailing = self.env["mailing.mailing"].create({
            "subject": "Gold members",
            "mailing_model_id": partner_model.id,
            "mailing_domain": repr([(rank.name, "=", gold.id)]),
        })
        self.assertEqual(mailing._get_recipients(), self.customer.ids)
        saved = self.env["mailing.filter"].create({
            "name": "Gold",
            "mailing_model_id": partner_model.id,
            "mailing_domain": repr([(rank.name, "=", gold.id)]),
        })
        self.assertEqual(saved.mailing_domain, repr([(rank.name, "=", gold.id)]))
