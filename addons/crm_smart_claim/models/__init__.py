from . import smart_inquiry_category
from . import smart_inquiry
from . import res_company
from . import res_config_settings
from . import res_partner
