from . import pg_copy
from . import xlsx_reader
