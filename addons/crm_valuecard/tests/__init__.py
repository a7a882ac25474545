from . import test_translations
from . import test_ledger
from . import test_card
from . import test_rule
from . import test_campaign
from . import test_integrity
from . import test_security
