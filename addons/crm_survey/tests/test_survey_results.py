import base64
import io
import zipfile

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_results import SurveyResultsCase
from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestSurveyResults(SurveyResultsCase):

    def test_nps_and_csat(self):
        self.assertEqual(self.survey.results_response_count, 10, "no test entry, no unfinished response")
        # NPS: promoters 10, 9, 9, 10, 10, 9 (6), detractors 6 and 3 (2) of 10: 60 % - 20 %
        # CSAT: 5, 4, 4, 5, 5, 4 are 4 or 5 (6 of 10)
        self.assertEqual((self.survey.nps_score, self.survey.nps_answer_count), (40.0, 10))
        self.assertEqual((self.survey.csat_score, self.survey.csat_answer_count), (60.0, 10))

    def test_results_by_question(self):
        results = {result["question"]: result for result in self.survey._results_by_question()}
        self.assertEqual(list(results), [self.q_choice, self.q_nps, self.q_csat, self.q_number, self.q_text])
        choice = results[self.q_choice]
        self.assertEqual((choice["rows"], choice["total"], choice["bands"]),
                         ([("店頭", 5), ("ウェブ", 2), ("紹介", 3)], 10, []))
        nps = results[self.q_nps]
        self.assertEqual(nps["rows"], [(str(v), c) for v, c in enumerate([0, 0, 0, 1, 0, 0, 1, 1, 1, 3, 3])])
        self.assertEqual(nps["bands"], [("Promoter (9-10)", 6), ("Passive (7-8)", 2), ("Detractor (0-6)", 2)])
        self.assertEqual(nps["score"], 40.0)
        csat = results[self.q_csat]
        self.assertEqual(csat["rows"], [("1", 1), ("2", 1), ("3", 2), ("4", 3), ("5", 3)])
        self.assertEqual(csat["bands"], [("Satisfied (4-5)", 6), ("Neutral (3)", 2), ("Dissatisfied (1-2)", 2)])
        self.assertEqual(csat["score"], 60.0)
        self.assertEqual(results[self.q_number]["rows"], [("0", 4), ("1", 1), ("2", 2), ("3", 3)])
        self.assertEqual((results[self.q_text]["rows"], results[self.q_text]["chart"]), ([("Answers", 5)], False))

    def test_trend_by_week(self):
        trend = self.survey._results_trend()
        self.assertEqual([week["responses"] for week in trend], [5, 5])
        # weeks start on the first day of the week of the user's language (Sunday in English)
        self.assertEqual([str(week["week"])[:10] for week in trend], ["2026-11-01", "2026-11-08"])
        # week 1: 10, 9, 9 promoters, 8 and 7 passives → 60; week 2: 10, 10, 9 vs 6, 3 → 20
        self.assertEqual([week["nps"] for week in trend], [60.0, 20.0])
        # week 1: 5, 4, 4 of 5 → 60 %; week 2: 5, 5, 4 of 5 → 60 %
        self.assertEqual([week["csat"] for week in trend], [60.0, 60.0])

    def test_report_leaves_out_test_and_unfinished_responses(self):
        Report = self.env["survey.answer.report"]
        rows = Report.search([("survey_id", "=", self.survey.id)])
        self.assertEqual(rows.partner_id, self.respondents)
        self.assertEqual(len(rows), 10 * 4 + 5, "four answers each, five texts, skipped texts left out")
        [(nps,)] = Report._read_group([("survey_id", "=", self.survey.id), ("nps_band", "!=", False)], [],
                                      ["nps_score:avg"])
        self.assertEqual(nps, 40.0)

    def test_xlsx_with_a_chart_per_question(self):
        action = self.survey.action_results_xlsx()
        download = self.env["smart.file.download"].search([], order="id desc", limit=1)
        self.assertIn(f"id={download.id}", action["url"])
        content = base64.b64decode(download.file)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Summary", "Q1 きっかけ", "Q2 推奨度", "Q3 満足度", "Q4 来店回数", "Q5 ご意見"])
        summary = book["Summary"]
        self.assertEqual([summary.cell(row, 2).value for row in (2, 3, 4)], [10, 40.0, 60.0])
        sheet = book["Q1 きっかけ"]
        self.assertEqual([[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=6, max_col=3)],
                         [["店頭", 5, 50.0], ["ウェブ", 2, 20.0], ["紹介", 3, 30.0], ["Total", 10, None]])
        nps = book["Q2 推奨度"]
        self.assertEqual([nps.cell(row, 1).value for row in (16, 17, 18, 19)],
                         ["NPS", "Promoter (9-10)", "Passive (7-8)", "Detractor (0-6)"])
        self.assertEqual([nps.cell(row, 2).value for row in (16, 17, 18, 19)], [40.0, 6, 2, 2])
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        # the weekly trend, and the choice, the two scales and the number question
        self.assertEqual(len(charts), 5)

    def test_prize_draw_among_respondents(self):
        action = self.survey.with_user(self.user_manager).action_prize_draw()
        draw = self.env["smart.draw"].browse(action["res_id"])
        self.assertEqual(draw.res_model, "res.partner")
        draw.with_user(self.user_manager).winner_count = 3
        draw.with_user(self.user_manager).action_draw()
        self.assertEqual(draw.candidate_count, 10, "the test entry and the unfinished response do not count")
        winners = self.env["res.partner"].browse(draw.winner_ids.mapped("res_id"))
        self.assertEqual(len(winners), 3)
        self.assertLessEqual(winners, self.respondents)
        self.assertTrue(draw.seed)
        self.assertTrue(draw.check_reproduction()["identical"])

    def test_marketers_read_results(self):
        marketer = new_test_user(self.env, login="smart_marketer", groups="crm_smart_base.group_smart_marketer")
        survey = self.survey.with_user(marketer)
        self.assertEqual(survey.nps_score, 40.0)
        self.assertEqual(len(self.env["survey.answer.report"].with_user(marketer).search(
            [("survey_id", "=", self.survey.id)])), 45)
        with self.assertRaises(AccessError):
            self.env["survey.answer.report"].with_user(self.user_smart).search([])

    def test_restricted_survey_results(self):
        """A survey restricted to other officers keeps its answers from a marketer."""
        marketer = new_test_user(self.env, login="smart_marketer", groups="crm_smart_base.group_smart_marketer")
        self.survey.restrict_user_ids = self.user_manager
        self.assertFalse(self.env["survey.answer.report"].with_user(marketer).search(
            [("survey_id", "=", self.survey.id)]))

    def test_only_actions_are_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_survey"), [])
