from . import res_company
from . import res_config_settings
from . import res_users
from . import smart_alert
from . import res_partner
from . import crm_lead
from . import smart_daily_report
from . import smart_daily_report_line
