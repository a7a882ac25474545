from odoo.tools import SQL

from . import controllers
from . import models
from . import report
from . import tools
from . import wizard


def post_init_hook(env):
    # customers who hold cards before the addon knows them (demo data, a reinstall)
    env["res.partner"]._valuecard_refresh_all_summaries()


def uninstall_hook(env):
    # the ledger refuses deletes in the database itself; removing the addon drops it
    env.cr.execute(SQL("DROP TRIGGER IF EXISTS valuecard_entry_immutable ON valuecard_entry"))
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS valuecard_entry_immutable()"))
