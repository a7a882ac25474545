from . import test_daily_report
from . import test_alert
from . import test_daily_report_export
from . import test_daily_report_ui
from . import test_rpc
from . import test_time_zone
from . import test_translations
