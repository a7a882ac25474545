from . import valuecard_base_date_wizard
