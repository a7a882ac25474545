from . import test_reward
from . import test_reward_concurrency
from . import test_ui
from . import test_translations
