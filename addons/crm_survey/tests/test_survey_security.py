from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SurveyCase


@tagged("post_install", "-at_install")
class TestSurveySecurity(SurveyCase):

    def test_marketers_run_surveys(self):
        marketer = new_test_user(self.env, login="smart_marketer", groups="crm_smart_base.group_smart_marketer")
        self.assertTrue(marketer.has_group("survey.group_survey_user"))
        survey = self.Survey.with_user(marketer).create({"title": "マーケターのアンケート", "access_mode": "token"})
        question = self.env["survey.question"].with_user(marketer).create({
            "survey_id": survey.id, "title": "電話", "question_type": "char_box",
            "partner_field_id": self.partner_field("phone").id})
        self.assertEqual(question.partner_field_id.name, "phone")

    def test_respondent_sees_only_own_answers(self):
        portal_a = new_test_user(self.env, login="portal_a", groups="base.group_portal", email="a@example.jp")
        portal_b = new_test_user(self.env, login="portal_b", groups="base.group_portal", email="b@example.jp")
        question = self.add_question("ご意見", "text_box")
        self.respond({question: "A の回答"}, user=portal_a)
        answer_b = self.respond({question: "B の回答"}, user=portal_b)
        with self.assertRaises(AccessError):
            answer_b.with_user(portal_a).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.env["survey.user_input.line"].with_user(portal_a).search([])
        with self.assertRaises(AccessError):
            answer_b.with_user(self.user_smart).read(["smart_sync_error"])

    def test_flyer_shows_public_link_as_qr_code(self):
        self.survey.access_mode = "public"
        html = self.env["ir.actions.report"]._render_qweb_html(
            "crm_survey.report_survey_flyer", self.survey.ids)[0].decode()
        self.assertIn("data:image/png;base64,", html)
        self.assertIn(self.survey.get_start_url(), html)
        self.assertIn("来店アンケート", html)
