import base64

from odoo import fields, models
from odoo.fields import Domain

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook
from odoo.addons.crm_smart_base.wizard.smart_file_download import download_action


class SurveySurvey(models.Model):
    """Results of a survey computed in the database over its completed
    answers (``survey.answer.report``): NPS and CSAT, counts per question,
    trend by week, cross-tabs by customer attributes, an XLSX file with a
    chart per question and prize draws among the respondents."""

    _inherit = "survey.survey"  # pylint: disable=consider-merging-classes-inherited

    results_response_count = fields.Integer(
        string="Completed responses", compute="_compute_results_scores",
        help="Completed responses, test entries left out: the responses the results count.")
    nps_score = fields.Float(string="NPS", compute="_compute_results_scores", digits=(16, 1),
                             help="Net Promoter Score of the 0-10 scale questions: % promoters (9-10) minus "
                                  "% detractors (0-6).")
    nps_answer_count = fields.Integer(compute="_compute_results_scores")
    csat_score = fields.Float(string="CSAT (%)", compute="_compute_results_scores", digits=(16, 1),
                              help="Share of the answers to 1-5 scale questions that are 4 or 5.")
    csat_answer_count = fields.Integer(compute="_compute_results_scores")

    def _compute_results_scores(self):
        Report = self.env["survey.answer.report"]
        nps = {survey.id: (score, count) for survey, score, count in Report._read_group(
            [("survey_id", "in", self.ids), ("nps_band", "!=", False)], ["survey_id"], ["nps_score:avg", "__count"])}
        csat = {survey.id: (score, count) for survey, score, count in Report._read_group(
            [("survey_id", "in", self.ids), ("csat_band", "!=", False)], ["survey_id"], ["csat_score:avg", "__count"])}
        responses = dict(self.env["survey.user_input"]._read_group(
            [("survey_id", "in", self.ids), ("state", "=", "done"), ("test_entry", "=", False)],
            ["survey_id"], ["__count"]))
        for survey in self:
            survey.results_response_count = responses.get(survey, 0)
            survey.nps_score, survey.nps_answer_count = nps.get(survey.id, (0.0, 0))
            survey.csat_score, survey.csat_answer_count = csat.get(survey.id, (0.0, 0))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_open_answer_report(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_survey.survey_answer_report_action")
        action["domain"] = [("survey_id", "=", self.id)]
        action["display_name"] = self.env._("Results of %s", self.title)
        return action

    def action_open_results_crosstab(self):
        self.ensure_one()
        wizard = self.env["survey.results.crosstab"].create({"survey_id": self.id})
        return {
            "type": "ir.actions.act_window", "res_model": wizard._name, "res_id": wizard.id,
            "view_mode": "form", "target": "new", "name": self.env._("Cross-tab by customer"),
        }

    def action_results_xlsx(self):
        self.ensure_one()
        download = self.env["smart.file.download"].create({
            "file": base64.b64encode(self._results_xlsx()), "filename": self.env._("Results %s.xlsx", self.title)})
        return download_action(download)

    def action_prize_draw(self):
        """A prize draw (``smart.draw``, recorded and reproducible) among the
        customers who completed the survey, ready to be made."""
        self.ensure_one()
        draw = self.env["smart.draw"].create({
            "name": self.env._("Prize draw: %s", self.title),
            "model_id": self.env["ir.model"]._get_id("res.partner"),
            "domain": repr(self._respondent_domain()),
        })
        return {"type": "ir.actions.act_window", "res_model": "smart.draw", "res_id": draw.id,
                "view_mode": "form", "target": "current"}

    # ------------------------------------------------------------------
    # results
    # ------------------------------------------------------------------

    def _respondent_domain(self):
        """Customers with a completed, non-test response to this survey."""
        return [("survey_user_input_ids", "any", [
            ("survey_id", "=", self.id), ("state", "=", "done"), ("test_entry", "=", False)])]

    def _results_by_question(self):
        """Per question with answers: its counts per choice or value, with the
        NPS or CSAT bands of 0-10 and 1-5 scales. Two grouped queries for the
        whole survey, whatever the number of responses.

        :returns: [dict(question, total, rows: [(label, count)], bands: [(label, count)] or [],
                   score: NPS / CSAT or None, score_label)]
        """
        self.ensure_one()
        Report = self.env["survey.answer.report"]
        counts = {}
        for question, choice, row, number, count in Report._read_group(
                [("survey_id", "=", self.id)],
                ["question_id", "suggested_answer_id", "matrix_row_id", "value_number"], ["__count"]):
            counts.setdefault(question, []).append((choice, row, number, count))
        bands = {}
        for question, nps_band, csat_band, count in Report._read_group(
                [("survey_id", "=", self.id), "|", ("nps_band", "!=", False), ("csat_band", "!=", False)],
                ["question_id", "nps_band", "csat_band"], ["__count"]):
            bands.setdefault(question, {})[nps_band or csat_band] = count
        results = []
        for question in self.question_ids.filtered(lambda q: q in counts):
            results.append(question._results(counts[question], bands.get(question, {})))
        return results

    def _results_trend(self):
        """Per week: completed responses, and the NPS and CSAT of their answers."""
        self.ensure_one()
        Report = self.env["survey.answer.report"]
        domain = [("survey_id", "=", self.id)]
        responses = dict(Report._read_group(domain, ["answer_date:week"], ["user_input_id:count_distinct"]))
        nps = dict(Report._read_group(Domain(domain) & Domain("nps_band", "!=", False),
                                      ["answer_date:week"], ["nps_score:avg"]))
        csat = dict(Report._read_group(Domain(domain) & Domain("csat_band", "!=", False),
                                       ["answer_date:week"], ["csat_score:avg"]))
        return [{"week": week, "responses": count, "nps": nps.get(week), "csat": csat.get(week)}
                for week, count in sorted(responses.items())]

    def _results_xlsx(self):
        """The results as an XLSX file: a summary with the weekly trend, then
        a sheet per question with its counts and a native chart."""
        workbook = XlsxWorkbook(formats={"title": {"bold": True, "font_size": 14}})
        self._results_summary_sheet(workbook.add_sheet(self.env._("Summary")))
        for index, result in enumerate(self._results_by_question(), start=1):
            question = result["question"]
            sheet = workbook.add_sheet(f"Q{index} {question.title or ''}")
            sheet.text(0, 0, question.title, "title")
            sheet.header([self.env._("Answer"), self.env._("Count"), self.env._("Share (%)")], row=1,
                         autofilter=False)
            row = 2
            for label, count in result["rows"]:
                sheet.text(row, 0, label)
                sheet.number(row, 1, count)
                sheet.number(row, 2, round(100.0 * count / result["total"], 1) if result["total"] else 0.0, "float")
                row += 1
            if result["chart"] and result["rows"]:
                kind = "pie" if question.question_type == "simple_choice" else "column"
                sheet.chart(2, row - 1, 0, [1], 1, 4, kind=kind, title_cell=(0, 0), name_row=1)
            sheet.text(row, 0, self.env._("Total"), "header")
            sheet.number(row, 1, result["total"], "total")
            if result["bands"]:
                row += 2
                sheet.text(row, 0, result["score_label"], "header")
                sheet.number(row, 1, round(result["score"], 1), "total_float")
                for label, count in result["bands"]:
                    row += 1
                    sheet.text(row, 0, label)
                    sheet.number(row, 1, count)
        return workbook.close()

    def _results_summary_sheet(self, sheet):
        sheet.text(0, 0, self.title, "title")
        sheet.text(1, 0, self.env._("Completed responses"), "header")
        sheet.number(1, 1, self.results_response_count)
        row = 2
        if self.nps_answer_count:
            sheet.text(row, 0, self.env._("NPS"), "header")
            sheet.number(row, 1, round(self.nps_score, 1), "float")
            row += 1
        if self.csat_answer_count:
            sheet.text(row, 0, self.env._("CSAT (%)"), "header")
            sheet.number(row, 1, round(self.csat_score, 1), "float")
            row += 1
        trend = self._results_trend()
        if not trend:
            return
        row += 1
        top = row
        sheet.header([self.env._("Week"), self.env._("Responses"), self.env._("NPS"), self.env._("CSAT (%)")],
                     row=top, autofilter=False)
        for week in trend:
            row += 1
            sheet.date(row, 0, week["week"])
            sheet.number(row, 1, week["responses"])
            for col, key in ((2, "nps"), (3, "csat")):
                if week[key] is not None:
                    sheet.number(row, col, round(week[key], 1), "float")
        sheet.chart(top + 1, row, 0, [1], top, 5, kind="line", title_cell=(top, 1), name_row=top)
