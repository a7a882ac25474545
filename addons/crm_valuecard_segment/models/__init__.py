from . import valuecard_campaign
from . import valuecard_coupon_issue_wizard
