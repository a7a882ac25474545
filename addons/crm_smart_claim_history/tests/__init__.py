from . import test_timeline
from . import test_translations
