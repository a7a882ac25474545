from . import smart_visit
from . import smart_visit_import
from . import smart_customer_value
from . import smart_customer_value_snapshot
from . import res_partner
from . import res_config_settings
from . import smart_visit_upload
from . import smart_data_io
