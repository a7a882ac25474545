from . import survey_results_crosstab
