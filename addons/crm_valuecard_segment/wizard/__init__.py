from . import valuecard_coupon_issue_wizard
