from . import survey_reward_grant
from . import survey_survey
from . import survey_user_input
from . import valuecard_card
