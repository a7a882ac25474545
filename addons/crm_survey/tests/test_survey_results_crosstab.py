import base64
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_results import SurveyResultsCase
from odoo.addons.crm_smart_data.tests.common import SmartFieldCase


@tagged("post_install", "-at_install")
class TestSurveyResultsCrosstab(SurveyResultsCase, SmartFieldCase):

    def setUp(self):
        super().setUp()
        self.age = self.create_field("年代", "selection", choices=["20代", "30代"])
        twenties, thirties = self.age.choice_ids.sorted("sequence")
        self.respondents[:4].write({self.age.name: twenties.id})
        self.respondents[4:].write({self.age.name: thirties.id})
        self.wizard = self.env["survey.results.crosstab"].with_user(self.user_manager).create({
            "survey_id": self.survey.id,
            "question_id": self.q_csat.id,
            "partner_field_id": self.env["ir.model.fields"]._get("res.partner", self.age.name).id,
        })

    def test_age_by_satisfaction(self):
        # 20代 answered 5, 4, 4, 3; 30代 answered 2, 1, 5, 5, 4, 3
        data = self.wizard._crosstab()
        self.assertEqual(data["rows"], ["20代", "30代"])
        self.assertEqual(sorted(data["cols"]), [1, 2, 3, 4, 5])
        self.assertEqual(data["cells"], {"20代": {3: 1, 4: 2, 5: 1}, "30代": {1: 1, 2: 1, 3: 1, 4: 1, 5: 2}})
        self.assertEqual((data["row_totals"], data["total"]), ({"20代": 4, "30代": 6}, 10))
        self.assertIn("30代", self.wizard.table_html)

    def test_download(self):
        self.wizard.action_download()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(self.wizard.file))).active
        self.assertEqual(sheet.cell(1, 1).value, "年代 \\ Scale value")
        self.assertEqual([sheet.cell(row, 1).value for row in (2, 3, 4)], ["20代", "30代", "Total"])

    def test_text_question_refused(self):
        self.wizard.question_id = self.q_text
        with self.assertRaisesRegex(UserError, "choice, scale and number questions"):
            self.wizard._crosstab()
