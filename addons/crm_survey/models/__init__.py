from . import res_partner_survey
from . import survey_question_results
from . import survey_results
