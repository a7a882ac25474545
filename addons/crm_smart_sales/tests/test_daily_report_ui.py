from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDailyReportUi(HttpCase):

    def test_daily_report_tour(self):
        """A rep files and submits today's report, a manager approves it."""
        team = self.env["crm.team"].create({"name": "Tour Team"})
        rep = new_test_user(self.env, login="tour_rep", groups="crm_smart_base.group_smart_user", name="Tour Rep",
                            tz="Asia/Tokyo")
        self.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
        customer = self.env.ref("crm_smart_base.res_partner_demo_sakura_foods", raise_if_not_found=False) or \
            self.env["res.partner"].create({"name": "株式会社さくらフーズ", "is_company": True})

        self.start_tour("/odoo", "crm_smart_daily_report_tour", login="tour_rep")
        report = self.env["smart.daily.report"].search([("user_id", "=", rep.id)])
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.line_ids.partner_id, customer)
        self.assertEqual(report.line_ids.purpose, "新商品の提案")
        self.assertTrue(customer.activity_ids.filtered(lambda a: a.summary == "見積書を送付する"))

        self.start_tour("/odoo", "crm_smart_daily_report_review_tour", login="admin")
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.env.ref("base.user_admin"))
