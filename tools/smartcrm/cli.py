"""Smart CRM developer entry point.

    ./smartcrm run     set everything up and serve Smart CRM with demo data
    ./smartcrm test    set everything up and run every test of the suite
    ./smartcrm bench   run the benchmarks under tests/benchmarks
    ./smartcrm shell   an Odoo shell on the demo database
    ./smartcrm stop    stop the private PostgreSQL cluster

Only the Python standard library is used here: this tool creates the
virtual environment everything else runs in.
"""
import argparse
import os

from .commands import cmd_bench, cmd_i18n, cmd_run, cmd_shell, cmd_stop
from .testing import cmd_test


def main(argv=None):
    parser = argparse.ArgumentParser(prog="smartcrm", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="set up and serve Smart CRM with demo data")
    p_run.add_argument("-d", "--database", default=os.environ.get("SMARTCRM_DB", "smartcrm"))
    p_run.add_argument("-p", "--port", type=int, default=int(os.environ.get("SMARTCRM_PORT", 8069)))
    p_run.add_argument("-u", "--update", action="store_true", help="update the addons before serving")
    p_test = sub.add_parser("test", help="set up and run every test")
    p_test.add_argument("-d", "--database", default=os.environ.get("SMARTCRM_TEST_DB", "smartcrm_test"))
    p_test.add_argument("--tags", help="Odoo --test-tags instead of every test of the Smart CRM addons")
    p_test.add_argument("--odoo-only", action="store_true", help="only the Odoo tests, no suite tests or lint")
    p_bench = sub.add_parser("bench", help="run benchmarks (all, or the named ones)")
    p_bench.add_argument("names", nargs="*")
    p_shell = sub.add_parser("shell", help="Odoo shell on the demo database")
    p_shell.add_argument("-d", "--database", default=os.environ.get("SMARTCRM_DB", "smartcrm"))
    sub.add_parser("stop", help="stop the private PostgreSQL cluster")
    p_i18n = sub.add_parser("i18n", help="export .pot files and merge them into ja.po")
    p_i18n.add_argument("modules", nargs="*")
    p_i18n.add_argument("-d", "--database", default="smartcrm_i18n")
    opts = parser.parse_args(argv)
    handler = {"run": cmd_run, "test": cmd_test, "bench": cmd_bench, "shell": cmd_shell, "stop": cmd_stop,
               "i18n": cmd_i18n}
    return handler[opts.command](opts) or 0
