from . import survey_answer_report
