from . import models
from . import tools
from . import wizard


def uninstall_hook(env):
    """Databases and custom fields live on models this addon does not own (manual
    models, res.partner): drop them with their views, menus and rights."""
    env["smart.database"].with_context(active_test=False).search([]).unlink()
    env["smart.field"].search([]).unlink()
