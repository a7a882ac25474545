from . import test_survey_menu
from . import test_survey_results
from . import test_survey_results_crosstab
from . import test_translations
