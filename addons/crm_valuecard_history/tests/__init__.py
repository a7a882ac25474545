from . import test_payment_visit
from . import test_rpc
from . import test_translations
from . import test_timeline
from . import test_visit_points
from . import test_ui
from . import test_languages
