from . import test_survey_invite_segment
from . import test_translations
