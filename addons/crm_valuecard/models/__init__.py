from . import res_company
from . import res_config_settings
from . import valuecard_program
from . import valuecard_rule
from . import valuecard_campaign
from . import valuecard_card
from . import valuecard_lot
from . import valuecard_entry
