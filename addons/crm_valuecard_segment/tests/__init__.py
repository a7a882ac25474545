from . import test_campaign_segment
from . import test_translations
from . import test_coupon_segment
