from odoo import fields, models
from odoo.tools import SQL

#: NPS bands of a 0-10 scale question (how likely to recommend)
NPS_BANDS = [("promoter", "Promoter (9-10)"), ("passive", "Passive (7-8)"), ("detractor", "Detractor (0-6)")]
#: CSAT bands of a 1-5 scale question (how satisfied)
CSAT_BANDS = [("satisfied", "Satisfied (4-5)"), ("neutral", "Neutral (3)"), ("dissatisfied", "Dissatisfied (1-2)")]


class SurveyAnswerReport(models.Model):
    """One row per answer of a completed, non-test response, with the
    respondent's customer, the week it was given and, for 0-10 and 1-5 scale
    questions, its NPS or CSAT band. Its ``nps_score`` and ``csat_score``
    averaged over rows give the NPS and the CSAT (see the addon's readme),
    so pivots and graphs show them by week, question or customer attribute."""

    _name = "survey.answer.report"
    _description = "Survey Answer Analysis"
    _auto = False
    _order = "answer_date desc, id desc"
    _rec_name = "question_id"

    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    user_input_id = fields.Many2one("survey.user_input", string="Response", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    answer_date = fields.Datetime(string="Answered on", readonly=True)
    question_type = fields.Selection(related="question_id.question_type")
    suggested_answer_id = fields.Many2one("survey.question.answer", string="Choice", readonly=True)
    matrix_row_id = fields.Many2one("survey.question.answer", string="Row", readonly=True)
    value_scale = fields.Integer(string="Scale value", readonly=True, aggregator="avg")
    value_number = fields.Float(string="Number", readonly=True, aggregator="avg")
    nps_band = fields.Selection(NPS_BANDS, string="NPS band", readonly=True)
    csat_band = fields.Selection(CSAT_BANDS, string="CSAT band", readonly=True)
    nps_score = fields.Float(
        string="NPS", readonly=True, aggregator="avg",
        help="100 for a promoter, -100 for a detractor, 0 for a passive: the average is the Net Promoter Score.")
    csat_score = fields.Float(
        string="CSAT (%)", readonly=True, aggregator="avg",
        help="100 for a satisfied answer (4 or 5 of 5), else 0: the average is the CSAT in percent.")

    @property
    def _table_query(self):
        return SQL("""
            SELECT l.id, l.survey_id, l.question_id, l.user_input_id, ui.partner_id,
                   COALESCE(ui.end_datetime, ui.create_date) AS answer_date,
                   l.suggested_answer_id, l.matrix_row_id,
                   CASE WHEN l.answer_type = 'scale' THEN l.value_scale END AS value_scale,
                   CASE WHEN l.answer_type = 'numerical_box' THEN l.value_numerical_box
                        WHEN l.answer_type = 'scale' THEN l.value_scale END AS value_number,
                   CASE WHEN q.is_nps THEN CASE WHEN l.value_scale >= 9 THEN 'promoter'
                                                WHEN l.value_scale >= 7 THEN 'passive'
                                                ELSE 'detractor' END END AS nps_band,
                   CASE WHEN q.is_csat THEN CASE WHEN l.value_scale >= 4 THEN 'satisfied'
                                                 WHEN l.value_scale = 3 THEN 'neutral'
                                                 ELSE 'dissatisfied' END END AS csat_band,
                   CASE WHEN q.is_nps THEN CASE WHEN l.value_scale >= 9 THEN 100.0
                                                WHEN l.value_scale >= 7 THEN 0.0
                                                ELSE -100.0 END END AS nps_score,
                   CASE WHEN q.is_csat THEN CASE WHEN l.value_scale >= 4 THEN 100.0 ELSE 0.0 END END AS csat_score
              FROM survey_user_input_line l
              JOIN survey_user_input ui ON ui.id = l.user_input_id
              JOIN (SELECT id,
                           question_type = 'scale' AND scale_min = 0 AND scale_max = 10 AS is_nps,
                           question_type = 'scale' AND scale_min = 1 AND scale_max = 5 AS is_csat
                      FROM survey_question) q ON q.id = l.question_id
             WHERE ui.state = 'done' AND ui.test_entry IS NOT TRUE AND l.skipped IS NOT TRUE
        """)
