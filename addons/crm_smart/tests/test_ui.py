from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSmartCrmUi(HttpCase):
    # wide enough for every Smart CRM section of the menu bar in English (narrower, the last ones move
    # under "+")
    browser_size = "1920x1080"

    def test_customers_tour(self):
        """An administrator opens Smart CRM, a demo customer and the configuration."""
        if not self.env.ref("crm_smart_base.res_partner_demo_sakura_foods", raise_if_not_found=False):
            self.env["res.partner"].create({"name": "株式会社さくらフーズ", "is_company": True})
            self.env["res.partner.category"].create({"name": "VIP"})
        self.start_tour("/odoo", "crm_smart_customers_tour", login="admin")
