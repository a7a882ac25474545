from . import smart_data_io
from . import smart_draw
from . import smart_draw_winner
