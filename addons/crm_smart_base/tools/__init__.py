from . import convert
from . import domain
from . import xlsx_writer
