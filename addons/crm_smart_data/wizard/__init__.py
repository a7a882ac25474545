from . import smart_import_wizard
from . import smart_export_wizard
from . import smart_crosstab_wizard
from . import smart_field_type_wizard
from . import smart_field_delete_wizard
from . import smart_database_delete_wizard
