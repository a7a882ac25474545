from . import survey_invite
from . import survey_results_crosstab
