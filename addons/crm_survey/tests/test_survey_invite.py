from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveyInvite(SurveyCase):
    """Invitations to customers chosen by a filter, waves, reminders and identification."""

    def setUp(self):
        super().setUp()
        self.user_admin.partner_id.email = "admin@example.jp"
        Partner = self.env["res.partner"]
        self.invited = Partner.create([{"name": f"招待 {index}", "email": f"invited{index}@example.jp",
                                        "city": "札幌"} for index in range(3)])
        self.question = self.add_question("ご意見", "text_box")

    def invite(self, **vals):
        wizard = self.env["survey.invite"].with_user(self.user_admin).create({
            "survey_id": self.survey.id, "customer_domain": "[('city', '=', '札幌')]", **vals})
        wizard.action_invite()
        return self.survey.invite_wave_ids[:1]

    def test_invite_by_filter_creates_wave(self):
        wave = self.invite(reminder_days=3)
        self.assertEqual(wave.invited_count, 3)
        self.assertEqual(set(wave.user_input_ids.partner_id.ids), set(self.invited.ids))
        self.assertEqual(wave.response_rate, 0.0)
        answer = wave.user_input_ids[0]
        answer._save_lines(self.question, "良かったです")
        answer._mark_done()
        wave.invalidate_recordset()
        self.assertEqual(wave.answered_count, 1)
        self.assertAlmostEqual(wave.response_rate, 100.0 / 3, places=1)

    def test_invalid_filter_refused(self):
        wizard = self.env["survey.invite"].create({"survey_id": self.survey.id, "customer_domain": "[('nope', '=', 1)]"})
        with self.assertRefused(UserError, "customer filter is not valid"):
            wizard.action_invite()

    def test_reminder_sent_once_to_non_respondents(self):
        wave = self.invite(reminder_days=3)
        done = wave.user_input_ids[0]
        done._save_lines(self.question, "ok")
        done._mark_done()
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search_count([])
        self.env["survey.invite.wave"]._cron_send_reminders()
        self.assertEqual(Mail.search_count([]), before, "too early")
        wave.sent_date = fields.Datetime.now() - timedelta(days=3, minutes=1)
        self.env["survey.invite.wave"]._cron_send_reminders()
        self.assertEqual(Mail.search_count([]), before + 2, "the two who have not answered")
        self.assertTrue(wave.reminder_date)
        reminded = Mail.search([], order="id desc", limit=2).recipient_ids
        self.assertNotIn(done.partner_id, reminded)
        self.env["survey.invite.wave"]._cron_send_reminders()
        self.assertEqual(Mail.search_count([]), before + 2, "never twice")

    def test_identified_survey_must_know_respondents(self):
        survey = self.Survey.create({"title": "店頭", "access_mode": "public", "respondent_mode": "identified"})
        with self.assertRefused(ValidationError, "must know who answers"):
            self.add_question("お名前", field=self.partner_field("name"), survey=survey)
        self.add_question("メール", field=self.partner_field("email"), survey=survey)
        self.add_question("お名前", field=self.partner_field("name"), survey=survey)
        anonymous = self.Survey.create({"title": "匿名", "access_mode": "public", "respondent_mode": "anonymous"})
        self.add_question("お名前", field=self.partner_field("name"), survey=anonymous)
