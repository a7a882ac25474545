from . import test_suite
from . import test_translations
from . import test_ui
