"""./smartcrm test: install with the Odoo tests, upgrade, uninstall, suite tests, lint, one tally."""
import re
import subprocess
import sys
import time
from pathlib import Path

from .common import ADDONS, LOCAL, MODULES, ROOT, STANDALONE, run, say
from .runner import LOG_RE, Odoo, error_lines, run_logged
from .serving import free_port, odoo_server

TEST_REPORT_RE = re.compile(r"^Module \w+: \d+ failures, \d+ errors of \d+ tests")
SUMMARY_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


def _ours(logger, msg):
    return any(m in logger or m in msg for m in MODULES)


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            say(f"PASS {name}")
        else:
            self.failed += 1
            self.failures.append(name)
            say(f"FAIL {name}{': ' + detail if detail else ''}")


def parse_test_log(lines):
    """(tests run, failed, errors, skipped) from an Odoo test log."""
    run_ = failed = errors = skipped = 0
    for line in lines:
        match = LOG_RE.match(line)
        if not match:
            continue
        if " when loading database " in match["msg"]:
            summary = SUMMARY_RE.search(match["msg"])
            if summary:
                failed, errors, run_ = (int(x) for x in summary.groups())
        elif match["msg"].startswith("skipped ") and ".tests." in match["logger"]:
            skipped += 1
            sys.stdout.write(line + "\n")
    return run_, failed, errors, skipped


def cmd_test(opts):
    start = time.time()
    odoo = Odoo(with_browser=True)
    tally = Tally()
    db = opts.database
    logs = LOCAL / "log"
    modules = ",".join(MODULES)
    tags = ",".join(f"/{m}" for m in MODULES)
    if opts.tags:
        tags = opts.tags

    # 1. clean install with demo data, running every at_install and post_install test;
    #    apart from the tests' own output, the log must hold no warning from Smart CRM
    odoo.drop_db(db)
    say(f"installing {modules} with demo data into {db} and running their Odoo tests ({tags})")
    # Japanese is not loaded beforehand, as when the suite is installed from the Apps menu: the demo
    # data activates it, and every test must pass that way
    rc, lines = run_logged(odoo.cmd("-d", db, "-i", modules, "--with-demo",
                                    "--test-enable", "--test-tags", tags,
                                    "--stop-after-init", "--http-port", str(free_port())),
                           odoo.env, logs / "install.log")
    noisy = [ln for ln in lines if (m := LOG_RE.match(ln)) and m["level"] in ("WARNING", "ERROR", "CRITICAL")
             and ".tests" not in m["logger"] and _ours(m["logger"], m["msg"])
             and not TEST_REPORT_RE.search(m["msg"])]  # failed tests are counted as such, not twice
    installed = odoo.installed(db)
    ran, failed, errors, skipped = parse_test_log(lines)
    tally.check("install of the Smart CRM addons", installed, f"exit code {rc}")
    tally.check("install log free of warnings and errors from Smart CRM", not noisy,
                f"{len(noisy)} line(s), see {logs / 'install.log'}")
    tally.passed += max(ran - failed - errors - skipped, 0)
    tally.failed += failed + errors
    tally.skipped += skipped
    if failed or errors:
        tally.failures.append(f"{failed + errors} Odoo test(s)")
    if skipped:
        # a skipped tour means the browser did not run: that is a failure to chase
        tally.check(f"no Odoo test skipped ({skipped} skipped)", False)
    if ran == 0:
        tally.check("Odoo tests ran", False, "no test was executed")
    if not installed:
        return finish(tally, start)

    # 2. upgrade of the Smart CRM addons
    say(f"upgrading {modules}")
    rc, lines = run_logged(odoo.cmd("-d", db, "-u", modules, "--stop-after-init",
                                    "--http-port", str(free_port())),
                           odoo.env, logs / "upgrade.log")
    noisy = error_lines(lines)
    tally.check("upgrade (-u) of the Smart CRM addons", rc == 0 and not noisy,
                f"exit code {rc}, {len(noisy)} error line(s)")

    # 3. each addon meant to stand alone installs without what it must not pull in
    if not opts.odoo_only:
        standalone_check(odoo, db, tally, logs)

    # 4. each addon uninstalls cleanly from a copy of the database
    if not opts.odoo_only:
        uninstall_check(odoo, db, tally, logs)

    # 5. suite-level tests against a running server
    if not opts.odoo_only:
        suite_tests(odoo, db, tally, logs, opts)
        lint(odoo, tally)
    return finish(tally, start)


def standalone_check(odoo, db, tally, logs):
    for module, absent in STANDALONE.items():
        alone = f"{db}_{module}"
        odoo.drop_db(alone)
        say(f"installing {module} alone with demo data into {alone}")
        try:
            rc, lines = run_logged(odoo.cmd("-d", alone, "-i", module, "--with-demo", "--stop-after-init",
                                            "--http-port", str(free_port())),
                                   odoo.env, logs / f"standalone-{module}.log")
            states = odoo.module_states(alone, [module, *absent]) if odoo.db_exists(alone) else {}
            pulled_in = [m for m in absent if states.get(m) == "installed"]
            errors = error_lines(lines)
            without = absent[0] if len(absent) == 1 else f"{', '.join(absent[:-1])} or {absent[-1]}"
            tally.check(f"{module} installs alone without {without}",
                        rc == 0 and not errors and states.get(module) == "installed" and not pulled_in,
                        f"exit code {rc}, state {states.get(module)}, installed with it: "
                        f"{', '.join(pulled_in) or 'none'}, {len(errors)} error line(s)")
        finally:
            odoo.drop_db(alone)


def uninstall_check(odoo, db, tally, logs):
    copy = f"{db}_uninstall"
    odoo.drop_db(copy)
    run(["createdb", "-T", db, copy], env=odoo.env)
    try:
        for module in reversed(MODULES):
            rc, lines = run_logged([odoo.python, odoo.src / "odoo-bin", "module", "uninstall", "-c", odoo.conf,
                                    "-d", copy, module], odoo.env, logs / f"uninstall-{module}.log")
            errors = error_lines(lines)
            state = odoo.module_states(copy, [module]).get(module)
            tally.check(f"uninstall {module}", rc == 0 and not errors and state == "uninstalled",
                        f"exit code {rc}, state {state}, {len(errors)} error line(s)")
        # the database is still usable: the registry loads and a customer can be created
        probe = ("p = env['res.partner'].create({'name': 'after uninstall'})\n"
                 "print('PROBE', bool(p.id), env['ir.ui.menu'].search_count([]) > 0)\n")
        res = subprocess.run([str(c) for c in odoo.cmd("-d", copy, "--no-http", "--log-level", "warn",
                                                       subcommand="shell")],
                             input=probe, env=odoo.env, capture_output=True, text=True, check=False)
        tally.check("database usable after uninstalling Smart CRM", "PROBE True True" in res.stdout,
                    res.stderr[-2000:])
    finally:
        odoo.drop_db(copy)


def suite_tests(odoo, db, tally, logs, opts):
    say("starting Odoo with two workers for the suite tests")
    with open(logs / "suite-server.log", "w") as server_log:
        try:
            with odoo_server(odoo.cmd(), db, server_log, env=odoo.env) as (_server, url):
                _run_pytest(odoo, db, url, tally, logs)
        except RuntimeError as error:
            tally.check("suite tests", False, str(error))


def _run_pytest(odoo, db, url, tally, logs):
    env = dict(odoo.env, SMARTCRM_URL=url, SMARTCRM_DB=db,
               SMARTCRM_ODOO_CMD="\x1f".join(str(c) for c in odoo.cmd()),
               SMARTCRM_ODOO_SHELL="\x1f".join(str(c) for c in odoo.cmd(subcommand="shell")))
    junit = logs / "suite-junit.xml"
    res = subprocess.run([odoo.python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          f"--junitxml={junit}", ROOT / "tests", "-m", "not benchmark"],
                         env=env, cwd=ROOT, check=False)
    passed, failed, skipped = _junit_counts(junit)
    tally.passed += passed
    tally.failed += failed
    tally.skipped += skipped
    if failed or res.returncode not in (0, 5):
        tally.failures.append(f"{failed} suite test(s)")
        if not failed:
            tally.check("suite tests", False, f"pytest exit code {res.returncode}")
    if skipped:
        tally.check(f"no suite test skipped ({skipped} skipped)", False)


def _junit_counts(path):
    import xml.etree.ElementTree as ET  # noqa: PLC0415
    if not path.exists():
        return 0, 1, 0
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed, skipped


def lint(odoo, tally):
    venv_bin = Path(odoo.python).parent
    res = subprocess.run([venv_bin / "ruff", "check", "addons", "tests", "tools"], cwd=ROOT, check=False)
    tally.check("ruff", res.returncode == 0)
    res = subprocess.run([venv_bin / "pylint", "--rcfile", ROOT / ".pylintrc"]
                         + [str(ADDONS / m) for m in MODULES], cwd=ROOT, check=False)
    tally.check("pylint-odoo", res.returncode == 0)


def finish(tally, start):
    minutes = (time.time() - start) / 60
    if tally.failures:
        say("failures: " + "; ".join(tally.failures))
    say(f"finished in {minutes:.1f} min")
    print(f"{tally.passed} passed, {tally.failed} failed, {tally.skipped} skipped", flush=True)
    return 1 if tally.failed else 0
