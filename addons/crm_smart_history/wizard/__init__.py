from . import smart_import_wizard
