from . import smart_segment
from . import smart_segment_line
from . import smart_field
