from . import test_translations
from . import test_ledger
from . import test_report_balance
from . import test_report_base_date
from . import test_report_campaign
from . import test_report_expiry
