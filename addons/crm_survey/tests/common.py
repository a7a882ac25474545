from odoo.fields import Command

from odoo.addons.crm_smart_data.tests.common import SmartFieldCase


class SurveyCase(SmartFieldCase):
    """A token survey (personal links) that identifies its respondents, and
    helpers to add linked questions and to answer."""

    def setUp(self):
        super().setUp()
        self.Survey = self.env["survey.survey"]
        self.survey = self.Survey.create({
            "title": "来店アンケート", "access_mode": "token", "respondent_mode": "identified",
        })

    def partner_field(self, name):
        return self.env["ir.model.fields"]._get("res.partner", name)

    def add_question(self, title, question_type="char_box", field=None, choices=(), survey=None, **vals):
        return self.env["survey.question"].create({
            "survey_id": (survey or self.survey).id,
            "title": title,
            "question_type": question_type,
            "partner_field_id": field.id if field else False,
            "suggested_answer_ids": [Command.create({"value": choice, "sequence": index})
                                     for index, choice in enumerate(choices)],
            **vals,
        })

    def respond(self, answers, partner=None, user=None, email=None, survey=None):
        """A completed response; ``answers`` maps questions to what the respondent sent."""
        survey = survey or self.survey
        user_input = survey._create_answer(partner=partner or False, user=user or False, email=email or False,
                                           check_attempts=False)
        for question, value in answers.items():
            user_input._save_lines(question, value)
        user_input._mark_done()
        return user_input

    def choice(self, question, label):
        return question.suggested_answer_ids.filtered(lambda answer: answer.value == label)
