from . import models
from . import tools
from . import wizard


def uninstall_hook(env):
    """Custom fields live on models Smart CRM does not own: drop them with their views."""
    env["smart.field"].search([]).unlink()
