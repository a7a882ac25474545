from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_smart_base.tests.common import rpc_helpers
from odoo.addons.crm_survey.tests.common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveyInviteSegment(SurveyCase):
    """Survey invitations to the customers of a segment."""

    def setUp(self):
        super().setUp()
        self.user_admin.partner_id.email = "admin@example.jp"
        Partner = self.env["res.partner"]
        self.sapporo = Partner.create([{"name": f"札幌 顧客 {index}", "email": f"sapporo{index}@example.jp",
                                        "city": "札幌"} for index in range(3)])
        self.sendai = Partner.create({"name": "仙台 顧客", "email": "sendai@example.jp", "city": "仙台"})
        people = self.sapporo | self.sendai
        Segment = self.env["smart.segment"]
        self.excluded = Segment.create({"name": "除外", "domain": f"[('id', '=', {self.sapporo[0].id})]"})
        # the test customers, but not the one of the excluded segment
        self.segment = Segment.create({"name": "招待セグメント", "domain": f"[('id', 'in', {people.ids})]",
                                       "exclude_segment_ids": [self.excluded.id]})
        self.add_question("ご意見", "text_box")

    def wizard(self, **vals):
        return self.env["survey.invite"].with_user(self.user_admin).create({"survey_id": self.survey.id, **vals})

    def test_invite_segment_creates_wave_of_its_customers(self):
        wizard = self.wizard(segment_id=self.segment.id, reminder_days=2)
        self.assertEqual(wizard.customer_count, 3)
        wizard.action_invite()
        wave = self.survey.invite_wave_ids
        self.assertEqual(len(wave), 1)
        self.assertEqual(wave.user_input_ids.partner_id, self.sapporo[1:] | self.sendai)
        self.assertEqual((wave.invited_count, wave.reminder_days), (3, 2))

    def test_segment_and_filter(self):
        wizard = self.wizard(segment_id=self.segment.id, customer_domain="[('city', '=', '札幌')]")
        self.assertEqual(wizard.customer_count, 2)
        wizard.action_invite()
        self.assertEqual(self.survey.invite_wave_ids.user_input_ids.partner_id, self.sapporo[1:])

    def test_broken_segment_refused(self):
        self.segment.sudo().write({"state": "broken", "broken_reason": "項目「会員ランク」が削除されました"})
        wizard = self.wizard(segment_id=self.segment.id)
        self.assertEqual(wizard.customer_count, 0)
        with self.assertRefused(UserError, "項目「会員ランク」が削除されました"):
            wizard.action_invite()
        self.assertFalse(self.survey.invite_wave_ids)
        self.assertFalse(self.survey.user_input_ids)

    def test_no_rpc_helpers(self):
        self.assertEqual(rpc_helpers(self.env, "crm_survey_segment"), [])
