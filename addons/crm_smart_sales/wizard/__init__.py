from . import smart_daily_report_return_wizard
from . import smart_daily_report_export_wizard
