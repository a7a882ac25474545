from . import smart_field_type_wizard
from . import smart_field_delete_wizard
