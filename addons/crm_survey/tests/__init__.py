from . import test_survey_menu
from . import test_translations
