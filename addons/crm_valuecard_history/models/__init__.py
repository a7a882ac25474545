from . import smart_visit
from . import valuecard_rule
from . import valuecard_card
from . import res_partner
