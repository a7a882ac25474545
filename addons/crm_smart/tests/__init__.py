from . import test_security_groups
from . import test_smart_data_export
from . import test_smart_data_import
from . import test_smart_draw
from . import test_translations
from . import test_ui
