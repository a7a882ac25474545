from . import valuecard_operation_wizard
from . import valuecard_transfer_wizard
from . import valuecard_base_date_wizard
from . import valuecard_coupon_issue_wizard
