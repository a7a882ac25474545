from . import convert
from . import xlsx_writer
