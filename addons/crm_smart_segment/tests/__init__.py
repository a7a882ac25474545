from . import test_segment_conditions
from . import test_segment_refusals
from . import test_segment_ui
from . import test_rpc
from . import test_translations
