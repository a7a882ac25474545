from . import test_security_groups
from . import test_translations
from . import test_ui
from . import test_smart_field
from . import test_smart_field_changes
from . import test_smart_field_security
from . import test_smart_field_validation
from . import test_smart_field_ui
