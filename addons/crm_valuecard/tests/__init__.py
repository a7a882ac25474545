from . import test_counter
from . import test_ledger
from . import test_portal
from . import test_receipt
from . import test_translations
from . import test_ui
