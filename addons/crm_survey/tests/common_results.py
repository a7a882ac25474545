import datetime

from odoo import Command

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase

#: answers of the ten respondents: choice index, 0-10 recommendation, 1-5 satisfaction, number
ANSWERS = [
    (0, 10, 5, 1), (0, 9, 4, 2), (1, 9, 4, 2), (2, 8, 3, 3), (0, 7, 2, 3),
    (1, 6, 1, 3), (0, 10, 5, 0), (2, 10, 5, 0), (2, 3, 4, 0), (0, 9, 3, 0),
]
#: the first five answered in the week of Monday 2 November 2026, the others in the next week
WEEKS = [datetime.date(2026, 11, 2), datetime.date(2026, 11, 9)]


class SurveyResultsCase(SmartCrmCase):
    """A survey with a choice, an NPS (0-10), a CSAT (1-5), a number and a text
    question, and ten completed responses of known answers (plus a test entry
    and an unfinished response that results leave out)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create({"title": "満足度調査"})
        Question = cls.env["survey.question"]
        cls.q_choice = Question.create({
            "survey_id": cls.survey.id, "sequence": 1, "title": "きっかけ", "question_type": "simple_choice",
            "suggested_answer_ids": [Command.create({"value": value, "sequence": i})
                                     for i, value in enumerate(["店頭", "ウェブ", "紹介"])],
        })
        cls.q_nps = Question.create({"survey_id": cls.survey.id, "sequence": 2, "title": "推奨度",
                                     "question_type": "scale", "scale_min": 0, "scale_max": 10})
        cls.q_csat = Question.create({"survey_id": cls.survey.id, "sequence": 3, "title": "満足度",
                                      "question_type": "scale", "scale_min": 1, "scale_max": 5})
        cls.q_number = Question.create({"survey_id": cls.survey.id, "sequence": 4, "title": "来店回数",
                                        "question_type": "numerical_box"})
        cls.q_text = Question.create({"survey_id": cls.survey.id, "sequence": 5, "title": "ご意見",
                                      "question_type": "text_box"})
        cls.respondents = cls.env["res.partner"].create([{"name": f"回答者 {i:02d}"} for i in range(len(ANSWERS))])
        for index, (partner, answer) in enumerate(zip(cls.respondents, ANSWERS)):
            day = datetime.datetime.combine(WEEKS[index // 5], datetime.time(10)) + datetime.timedelta(days=index % 5)
            cls.respond(partner, answer, end_datetime=day, text="とても良い" if index % 2 else "")
        cls.outsider = cls.env["res.partner"].create({"name": "テスト 回答"})
        cls.respond(cls.outsider, (1, 0, 1, 9), end_datetime=datetime.datetime(2026, 11, 3), test_entry=True)
        cls.respond(cls.outsider, (1, 0, 1, 9), state="in_progress")

    @classmethod
    def respond(cls, partner, answer, state="done", text="", **vals):
        choice, nps, csat, number = answer
        lines = [
            Command.create({"question_id": cls.q_choice.id, "answer_type": "suggestion",
                            "suggested_answer_id": cls.q_choice.suggested_answer_ids[choice].id}),
            Command.create({"question_id": cls.q_nps.id, "answer_type": "scale", "value_scale": nps}),
            Command.create({"question_id": cls.q_csat.id, "answer_type": "scale", "value_scale": csat}),
            Command.create({"question_id": cls.q_number.id, "answer_type": "numerical_box",
                            "value_numerical_box": number}),
            Command.create({"question_id": cls.q_text.id, "answer_type": "text_box", "value_text_box": text}
                           if text else {"question_id": cls.q_text.id, "skipped": True}),
        ]
        return cls.env["survey.user_input"].create({
            "survey_id": cls.survey.id, "partner_id": partner.id, "state": state,
            "user_input_line_ids": lines, **vals})
