import datetime

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_smart_base.tests.japanese_tour import JapaneseTourCase


@tagged("post_install", "-at_install")
class TestDailyReportJapaneseUi(JapaneseTourCase):

    def test_rep_refreshes_and_submits_manager_approves_in_japanese(self):
        """A Japanese rep refreshes today's report from a meeting and a call made after it was opened,
        edits a line and submits; a Japanese manager comments and approves; no English from Smart CRM."""
        rep = new_test_user(self.env, login="smart_ja_rep", lang="ja_JP", tz="Asia/Tokyo", name="営業 伊藤",
                            groups="crm_smart_base.group_smart_user")
        manager = new_test_user(self.env, login="smart_ja_manager", lang="ja_JP", tz="Asia/Tokyo",
                                name="部長 佐藤", groups="crm_smart_base.group_smart_manager")
        self.env["crm.team"].create({
            "name": "東京営業部", "user_id": manager.id, "crm_team_member_ids": [(0, 0, {"user_id": rep.id})]})
        customer = self.env["res.partner"].create({"name": "株式会社みなと食品", "is_company": True})
        Report = self.env["smart.daily.report"]
        # the rep opened the report this morning: nothing to pre-fill yet
        report = Report._get_or_create_today(rep)
        self.assertFalse(report.line_ids)
        now = fields.Datetime.now()
        self.env["calendar.event"].create({
            "name": "新メニューの打合せ", "user_id": rep.id, "start": now, "stop": now + datetime.timedelta(hours=1),
            "partner_ids": [(6, 0, (rep.partner_id | customer).ids)],
        })
        call = customer.with_user(rep).activity_schedule(
            "mail.mail_activity_data_call", summary="見積の確認電話", user_id=rep.id)
        call.with_user(rep).action_feedback(feedback="来週に発注の予定")

        self.start_japanese_tour("/odoo", "crm_smart_daily_report_japanese_tour", login=rep.login)
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.summary, "新メニューの試食会が決まった")
        meeting = report.line_ids.filtered(lambda line: line.purpose == "新メニューの打合せ")
        self.assertEqual((meeting.kind, meeting.partner_id, meeting.result, meeting.next_step),
                         ("visit", customer, "試食会の日程が決まった", "試食会の準備"))
        phone = report.line_ids - meeting
        self.assertEqual((phone.kind, phone.partner_id, phone.purpose, phone.result),
                         ("call", customer, "見積の確認電話", "来週に発注の予定"))
        self.assertTrue(customer.activity_ids.filtered(lambda activity: activity.summary == "試食会の準備"))

        self.start_japanese_tour("/odoo", "crm_smart_daily_report_japanese_review_tour", login=manager.login)
        self.assertEqual((report.state, report.approved_by_id), ("approved", manager))
        self.assertEqual(report.manager_comment, "試食会には私も同行します")
