from . import valuecard_receipt
from . import valuecard_balance_report
from . import valuecard_expiry_report
from . import valuecard_campaign_report
from . import valuecard_base_date_report
