from . import test_convert
from . import test_customer_event
from . import test_rpc
from . import test_security_groups
from . import test_translations
from . import test_xlsx_writer
from . import test_convert_fast
from . import test_english_watch
