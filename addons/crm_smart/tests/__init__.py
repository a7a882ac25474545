from . import test_marketing_tour
from . import test_step_mail_events
from . import test_suite
from . import test_translations
from . import test_ui
