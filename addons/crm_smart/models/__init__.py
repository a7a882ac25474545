from . import smart_data_io
from . import smart_draw
from . import smart_draw_winner
from . import ir_model_fields
from . import smart_field_target_mixin
from . import res_partner
from . import smart_field
from . import smart_field_choice
