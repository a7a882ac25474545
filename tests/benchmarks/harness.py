"""Shared plumbing for the benchmarks run by ``./smartcrm bench``.

A benchmark is a script ``bench_<name>.py`` in this folder. It gets a
database of its own with the modules it needs, measures Smart CRM and the
Odoo baseline it is compared with in the same run, and prints both side by
side with :func:`report`. Benchmarks are never part of ``./smartcrm test``.
"""
import configparser
import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: addons that only benchmarks install (Odoo baselines driven like our methods)
BENCH_ADDONS = Path(__file__).resolve().parent / "addons"
ROOT = BENCH_ADDONS.parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # tools.smartcrm.serving


def odoo_cmd():
    """[python, odoo-bin, -c, <generated config>, --addons-path, <its path and BENCH_ADDONS>]
    as set by ./smartcrm bench."""
    value = os.environ.get("SMARTCRM_ODOO_CMD")
    if not value:
        sys.exit("run benchmarks through ./smartcrm bench")
    cmd = value.split("\x1f")
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(cmd[cmd.index("-c") + 1])
    return [*cmd, "--addons-path", f"{conf['options']['addons_path']},{BENCH_ADDONS}"]


def _import_odoo():
    cmd = odoo_cmd()
    src = str(Path(cmd[1]).resolve().parent)
    if src not in sys.path:
        sys.path.insert(0, src)
    import odoo  # noqa: PLC0415
    return odoo, cmd[cmd.index("-c") + 1]


def config_args():
    """The configuration arguments of odoo_cmd(), for ``config.parse_config``."""
    return odoo_cmd()[2:]


def ensure_db(db, modules, demo=False, fresh=False):
    """Create ``db`` with ``modules`` installed (once; ``fresh`` recreates it)."""
    cmd = odoo_cmd()
    env = dict(os.environ)
    if fresh:
        subprocess.run(["dropdb", "--if-exists", "--force", db], env=env, check=True)
    probe = subprocess.run(["psql", "-X", "-At", "-d", db, "-c",
                            "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)"
                            .replace("%s", "ARRAY[" + ",".join(f"'{m}'" for m in modules) + "]")],
                           env=env, capture_output=True, text=True, check=False)
    if probe.returncode == 0 and probe.stdout.strip() == str(len(modules)):
        return
    subprocess.run(["dropdb", "--if-exists", "--force", db], env=env, check=True)
    args = [*cmd, "-d", db, "-i", ",".join(modules), "--stop-after-init", "--log-level", "warn"]
    if demo:
        args.append("--with-demo")
    subprocess.run(args, env=env, check=True)


@contextlib.contextmanager
def odoo_env(db, commit=True):
    """An Odoo environment (superuser) on ``db``; commits on success."""
    _import_odoo()
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415
    if not getattr(odoo_env, "_configured", False):
        config.parse_config([*config_args(), "--log-level", "warn"], setup_logging=True)
        odoo_env._configured = True
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        yield env
        if commit:
            cr.commit()
        else:
            cr.rollback()


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def median_seconds(func, repeat=1):
    """Median wall-clock time of ``repeat`` calls of ``func``."""
    times = []
    for _ in range(repeat):
        with Timer() as timer:
            func()
        times.append(timer.seconds)
    return statistics.median(times)


def _fmt(value, unit):
    return "-" if value is None else f"{value:,.3f} {unit}"


def report(title, rows):
    """Print rows of (measure, smart_crm, baseline, unit) side by side with the ratio."""
    print(f"\n== {title} ==")
    print(f"{'measure':<48} {'Smart CRM':>14} {'Odoo baseline':>14} {'ratio':>8}")
    for measure, ours, base, unit in rows:
        ratio = ""
        if ours and base:
            ratio = f"{base / ours:.1f}x" if unit in ("s", "ms", "MB") else f"{ours / base:.1f}x"
        print(f"{measure:<48} {_fmt(ours, unit):>14} {_fmt(base, unit):>14} {ratio:>8}")
    sys.stdout.flush()
