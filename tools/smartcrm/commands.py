"""./smartcrm run, shell, stop, bench and i18n."""
import os
import re
import subprocess
from pathlib import Path

from .common import ADDONS, MODULES, ROOT, run, say
from .postgres import Cluster, external_pg
from .runner import Odoo

MERGE_PO = Path(__file__).with_name("merge_po.py")


# Core modules whose Japanese a user meets on every Smart CRM screen.
CORE_JAPANESE = ("odoo/addons/base", "addons/web", "addons/mail", "addons/contacts", "addons/portal")


def missing_core_japanese(src):
    """The core modules of the Odoo source ``src`` that ship no Japanese (i18n/ja.po)."""
    return [m.rsplit("/", 1)[1] for m in CORE_JAPANESE if not (Path(src) / m / "i18n" / "ja.po").is_file()]


def cmd_run(opts):
    odoo = Odoo()
    db = opts.database
    missing = missing_core_japanese(odoo.src)
    if missing:
        say(f"WARNING: the Odoo source at {odoo.src} has no Japanese translations for the core modules "
            f"{', '.join(missing)}: Smart CRM's own screens show in Japanese, but Odoo's menus, buttons "
            "and messages will show in English to Japanese users.\n"
            "  To fix it, use the official Odoo 19.0 source, which ships them: set ODOO_SRC to a checkout "
            "of https://github.com/odoo/odoo (branch 19.0), or remove the cached source so that it is "
            "downloaded again, then load the translations with `./smartcrm run --update`.")
    if not odoo.installed(db):
        odoo.drop_db(db)
        say(f"creating database {db} with Smart CRM and its demo data (a few minutes, first run only)")
        run(odoo.cmd("-d", db, "-i", ",".join(MODULES), "--with-demo", "--load-language", "ja_JP",
                     "--stop-after-init", "--log-level", "warn"), env=odoo.env)
    elif opts.update:
        say(f"updating Smart CRM in {db}")
        run(odoo.cmd("-d", db, "-u", ",".join(MODULES), "--stop-after-init", "--log-level", "warn"),
            env=odoo.env)
    port = opts.port
    say(f"Smart CRM: http://localhost:{port}  (demo login: admin / admin)")
    args = odoo.cmd("-d", db, "--db-filter", f"^{re.escape(db)}$", "--http-port", str(port))
    os.execve(str(args[0]), [str(a) for a in args], odoo.env)


def cmd_shell(opts):
    odoo = Odoo()
    args = odoo.cmd("-d", opts.database, subcommand="shell")
    os.execve(str(args[0]), [str(a) for a in args], odoo.env)


def cmd_stop(_opts):
    if not external_pg():
        Cluster().stop()
    return 0


def cmd_bench(opts):
    odoo = Odoo()
    env = dict(odoo.env, SMARTCRM_ODOO_CMD="\x1f".join(str(c) for c in odoo.cmd()),
               SMARTCRM_PYTHON=str(odoo.python), PYTHONPATH=str(ROOT / "tests" / "benchmarks"))
    selected = [ROOT / "tests" / "benchmarks"] if not opts.names else \
        [ROOT / "tests" / "benchmarks" / f"bench_{n}.py" for n in opts.names]
    for path in sorted(p for sel in selected for p in ([sel] if sel.is_file() else sel.glob("bench_*.py"))):
        say(f"benchmark {path.name}")
        res = subprocess.run([odoo.python, path], env=env, cwd=ROOT, check=False)
        if res.returncode:
            return res.returncode
    return 0


def cmd_i18n(opts):
    """Export each addon's .pot and merge it into its ja.po (new terms left empty)."""
    odoo = Odoo()
    db = opts.database
    modules = opts.modules or MODULES
    if odoo.installed(db):
        run(odoo.cmd("-d", db, "-u", ",".join(MODULES), "--stop-after-init", "--log-level", "warn"),
            env=odoo.env)
    else:
        odoo.drop_db(db)
        run(odoo.cmd("-d", db, "-i", ",".join(MODULES), "--with-demo", "--stop-after-init",
                     "--log-level", "warn"), env=odoo.env)
    for module in modules:
        i18n = ADDONS / module / "i18n"
        i18n.mkdir(exist_ok=True)
        pot = i18n / f"{module}.pot"
        run([odoo.python, odoo.src / "odoo-bin", "i18n", "export", "-c", odoo.conf,
             "-d", db, "-l", "pot", "-o", pot, module], env=odoo.env)
        run([odoo.python, MERGE_PO, pot, i18n / "ja.po"], env=odoo.env)
    return 0
