from . import test_customer_value
from . import test_customer_value_sql
from . import test_import
from . import test_partner_view
from . import test_rpc
from . import test_translations
from . import test_ui
from . import test_visit
