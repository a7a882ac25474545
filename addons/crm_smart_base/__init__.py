from . import tools
from . import wizard
