#!/usr/bin/env python3
"""Smart CRM developer entry point.

    ./smartcrm run     set everything up and serve Smart CRM with demo data
    ./smartcrm test    set everything up and run every test of the suite
    ./smartcrm bench   run the benchmarks under tests/benchmarks
    ./smartcrm shell   an Odoo shell on the demo database
    ./smartcrm stop    stop the private PostgreSQL cluster

Only the Python standard library is used here: this script creates the
virtual environment everything else runs in.
"""
import argparse
import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
MODULES = ["crm_smart_base", "crm_smart_data", "crm_smart_sales", "crm_valuecard", "crm_survey", "crm_smart"]
LOCAL = ROOT / ".local"
ODOO_BRANCH = "19.0"
ODOO_DOWNLOAD = f"https://github.com/odoo/odoo/archive/refs/heads/{ODOO_BRANCH}.tar.gz"
# Bumped whenever the way the virtual environment is built changes.
VENV_RECIPE = "3"


def cache_dir():
    base = os.environ.get("SMARTCRM_CACHE")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "smart-crm"


def say(msg):
    print(f"[smartcrm] {msg}", flush=True)


def die(msg, code=2):
    print(f"[smartcrm] ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def run(cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run([str(c) for c in cmd], **kw)


# ---------------------------------------------------------------------------
# Odoo source
# ---------------------------------------------------------------------------

def _is_odoo_19(path):
    release = Path(path) / "odoo" / "release.py"
    if not (Path(path) / "odoo-bin").is_file() or not release.is_file():
        return False
    return re.search(r"version_info\s*=\s*\(\s*19\s*,\s*0\b", release.read_text()) is not None


def odoo_source():
    """Odoo 19.0 source: $ODOO_SRC, else the cache, else a download into the cache."""
    env_src = os.environ.get("ODOO_SRC")
    if env_src:
        if _is_odoo_19(env_src):
            return Path(env_src).resolve()
        die(f"ODOO_SRC={env_src} is not an Odoo 19.0 source tree "
            "(expected odoo-bin and odoo/release.py with version 19.0).")
    cached = cache_dir() / f"odoo-{ODOO_BRANCH}"
    if _is_odoo_19(cached):
        return cached
    say(f"Odoo {ODOO_BRANCH} source not found; downloading {ODOO_DOWNLOAD}")
    tmp = None
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="odoo-src-", dir=cache_dir()))
        with urllib.request.urlopen(ODOO_DOWNLOAD, timeout=60) as resp, \
                tarfile.open(fileobj=resp, mode="r|gz") as tar:
            tar.extractall(tmp, filter="data")
        (top,) = [p for p in tmp.iterdir() if p.is_dir()]
        if not _is_odoo_19(top):
            raise RuntimeError("the archive does not hold an Odoo 19.0 source tree")
        if cached.exists():
            shutil.rmtree(cached)
        top.rename(cached)
        shutil.rmtree(tmp, ignore_errors=True)
        return cached
    except Exception as exc:  # noqa: BLE001 - any failure ends in the same message
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        die(
            "the Odoo 19.0 Community source is missing.\n"
            f"  1. ODOO_SRC is {'set but unusable' if env_src else 'not set'}"
            " (point it at an Odoo 19.0 checkout that contains odoo-bin);\n"
            f"  2. the cache directory {cached} holds no Odoo 19.0 source;\n"
            f"  3. downloading {ODOO_DOWNLOAD} failed: {exc}.\n"
            f"Provide one of them, e.g. unpack the 19.0 source so that {cached}/odoo-bin exists."
        )


# ---------------------------------------------------------------------------
# Python virtual environment
# ---------------------------------------------------------------------------

def _odoo_requirements(odoo_src):
    """Odoo's pinned requirements, adapted to what builds on this Python."""
    out = []
    for line in (odoo_src / "requirements.txt").read_text().splitlines():
        name = re.split(r"[=<>;\s\[]", line.strip(), maxsplit=1)[0].lower()
        if name == "python-ldap":
            continue  # only for auth_ldap; needs LDAP headers to build
        if name == "cbor2" and "5.4.2" in line:
            # the 5.4.2 sdist reports version 0.0.0 on Python 3.11
            line = line.replace("5.4.2", "5.4.6")
        out.append(line)
    return "\n".join(out) + "\n"


def venv_dir(odoo_src):
    odoo_req = _odoo_requirements(odoo_src)
    digest = hashlib.sha256()
    for chunk in (VENV_RECIPE, odoo_req, (ROOT / "requirements.txt").read_text(),
                  (ROOT / "requirements-dev.txt").read_text(), sys.version):
        digest.update(chunk.encode())
    py = f"py{sys.version_info.major}{sys.version_info.minor}"
    return cache_dir() / f"venv-{py}-{digest.hexdigest()[:12]}", odoo_req


def ensure_venv(odoo_src):
    venv, odoo_req = venv_dir(odoo_src)
    python = venv / "bin" / "python"
    stamp = venv / ".smartcrm-complete"
    if stamp.exists():
        return python
    say(f"creating the Python environment in {venv} (first run only)")
    if venv.exists():
        shutil.rmtree(venv)
    run([sys.executable, "-m", "venv", venv])
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run(pip + ["--upgrade", "pip", "setuptools<70", "wheel"])
    req = venv / "odoo-requirements.txt"
    req.write_text(odoo_req)
    # old sdists in Odoo's pins need the old setuptools, without isolation
    run(pip + ["--no-build-isolation", "-r", req])
    run(pip + ["-r", ROOT / "requirements.txt", "-r", ROOT / "requirements-dev.txt"])
    stamp.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
    return python


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

def external_pg():
    return any(os.environ.get(k) for k in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"))


def pg_bindir():
    for cand in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (cand / "initdb").exists() and (cand / "postgres").exists():
            return cand
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    return None


class Cluster:
    """A private PostgreSQL cluster, reachable only by its Unix socket."""

    user = "odoo"  # database role; Odoo refuses to work as 'postgres'

    def __init__(self):
        self.base = LOCAL / "pg"
        self.data = self.base / "data"
        self.sock = self.base / "run"
        self.bindir = pg_bindir()
        self.os_user = None
        if os.geteuid() == 0:
            # initdb and postgres refuse to run as root
            self.os_user = os.environ.get("SMARTCRM_PG_OS_USER", "postgres")

    def _as_owner(self, cmd):
        if self.os_user:
            return ["runuser", "-u", self.os_user, "--"] + [str(c) for c in cmd]
        return [str(c) for c in cmd]

    def _ensure_os_user(self):
        if not self.os_user:
            return
        try:
            run(["id", "-u", self.os_user], stdout=subprocess.DEVNULL)
        except subprocess.CalledProcessError:
            say(f"creating the system user {self.os_user} to own the private cluster")
            run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", self.os_user])

    def running(self):
        if not (self.data / "PG_VERSION").exists():
            return False
        res = subprocess.run(self._as_owner([self.bindir / "pg_ctl", "-D", self.data, "status"]),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return res.returncode == 0

    def ensure(self):
        if not self.bindir:
            die("PostgreSQL server binaries (initdb, postgres) were not found: install the "
                "Debian package 'postgresql' or give PGHOST/PGUSER/PGPASSWORD of a server to use.")
        self._ensure_os_user()
        self.sock.mkdir(parents=True, exist_ok=True)
        if self.os_user:
            run(["chown", "-R", f"{self.os_user}:", self.base])
            probe = subprocess.run(self._as_owner(["test", "-w", self.base]), check=False)
            if probe.returncode:
                die(f"the system user {self.os_user} cannot write {self.base}; make the project "
                    "directory traversable (chmod o+x on its parents) or set PG settings.")
        if not (self.data / "PG_VERSION").exists():
            say(f"initialising a private PostgreSQL cluster in {self.data}")
            run(self._as_owner([self.bindir / "initdb", "-D", self.data, "-U", self.user,
                                "--auth=trust", "--encoding=UTF8", "--locale=C"]),
                stdout=subprocess.DEVNULL)
            with open(self.data / "postgresql.conf", "a") as conf:
                conf.write(
                    "\n# Smart CRM private cluster: socket only\n"
                    "listen_addresses = ''\n"
                    f"unix_socket_directories = '{self.sock}'\n"
                    "synchronous_commit = off\n"
                    "max_connections = 200\n"
                    "shared_buffers = 256MB\n"
                )
        if not self.running():
            say("starting the private PostgreSQL cluster")
            run(self._as_owner([self.bindir / "pg_ctl", "-D", self.data, "-l", self.base / "server.log",
                                "-w", "-t", "60", "start"]), stdout=subprocess.DEVNULL)

    def stop(self):
        if self.running():
            run(self._as_owner([self.bindir / "pg_ctl", "-D", self.data, "-m", "fast", "stop"]))


def pg_settings():
    """Returns (odoo CLI args, environment for psql-like tools)."""
    if external_pg():
        return [], dict(os.environ)
    cluster = Cluster()
    cluster.ensure()
    env = dict(os.environ, PGHOST=str(cluster.sock), PGUSER=cluster.user)
    return ["--db_host", str(cluster.sock), "--db_user", cluster.user], env


# ---------------------------------------------------------------------------
# Odoo invocation
# ---------------------------------------------------------------------------

class Odoo:
    def __init__(self, with_browser=False):
        self.src = odoo_source()
        self.python = ensure_venv(self.src)
        if with_browser:
            ensure_chromium()
        self.db_args, self.env = pg_settings()
        self.env["PYTHONUNBUFFERED"] = "1"
        self.addons_path = ",".join([str(self.src / "odoo" / "addons"), str(self.src / "addons"), str(ADDONS)])
        self.conf = self.config_file()

    def config_file(self):
        """odoo.conf with this machine's addons path, data directory and database settings."""
        import configparser  # noqa: PLC0415
        conf = configparser.ConfigParser(interpolation=None)
        conf.read(ROOT / "odoo.conf")
        opts = conf["options"]
        opts["addons_path"] = self.addons_path
        opts["data_dir"] = str(LOCAL / "filestore")
        for key, value in zip(self.db_args[::2], self.db_args[1::2]):
            opts[key.lstrip("-")] = value
        path = LOCAL / "odoo.conf"
        LOCAL.mkdir(exist_ok=True)
        with open(path, "w") as handle:
            handle.write("; generated by ./smartcrm from odoo.conf; do not edit\n")
            conf.write(handle)
        return path

    def cmd(self, *args, subcommand=None):
        base = [self.python, self.src / "odoo-bin"]
        if subcommand:
            base.append(subcommand)
        return base + ["-c", self.conf] + list(args)

    def psql(self, sql, db="postgres"):
        res = subprocess.run(["psql", "-X", "-A", "-t", "-d", db, "-c", sql], env=self.env,
                             capture_output=True, text=True, check=False)
        if res.returncode:
            die(f"psql failed: {res.stderr.strip()}")
        return res.stdout.strip()

    def db_exists(self, db):
        return self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"

    def drop_db(self, db):
        if self.db_exists(db):
            run(["dropdb", "--force", db], env=self.env)

    def installed(self, db):
        if not self.db_exists(db):
            return False
        names = ",".join(f"'{m}'" for m in MODULES)
        count = self.psql(
            "SELECT count(*) FROM ir_module_module "
            f"WHERE name IN ({names}) AND state = 'installed'", db=db)
        return count == str(len(MODULES))


def ensure_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return
    if os.geteuid() != 0:
        die("browser tests need Chromium: install the Debian package 'chromium' "
            "(sudo apt-get install chromium) and run again.")
    say("installing Debian's chromium for the browser tests")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    res = subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], env=env, check=False,
                         stdout=subprocess.DEVNULL)
    if res.returncode:
        run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
        run(["apt-get", "install", "-y", "-q", "chromium"], env=env, stdout=subprocess.DEVNULL)


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------

def cmd_run(opts):
    odoo = Odoo()
    db = opts.database
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


LOG_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>\S+): (?P<msg>.*)")
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


def run_logged(cmd, env, logfile, echo_levels=("WARNING", "ERROR", "CRITICAL")):
    """Run an Odoo command, keep its full log, echo warnings, errors and tracebacks."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    with open(logfile, "w") as log:
        proc = subprocess.Popen([str(c) for c in cmd], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace")
        echo = False
        for line in proc.stdout:
            log.write(line)
            lines.append(line.rstrip("\n"))
            match = LOG_RE.match(line)
            if match:
                echo = match["level"] in echo_levels or " tests when loading database" in line
            if echo:
                sys.stdout.write(line)
        proc.wait()
    return proc.returncode, lines


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
    rc, lines = run_logged(odoo.cmd("-d", db, "-i", modules, "--with-demo", "--load-language", "ja_JP",
                                    "--test-enable", "--test-tags", tags,
                                    "--stop-after-init", "--http-port", str(free_port())),
                           odoo.env, logs / "install.log")
    noisy = [ln for ln in lines if (m := LOG_RE.match(ln)) and m["level"] in ("WARNING", "ERROR", "CRITICAL")
             and ".tests" not in m["logger"] and _ours(m["logger"], m["msg"])
             and not TEST_REPORT_RE.search(m["msg"])]  # failed tests are counted as such, not twice
    installed = odoo.installed(db)
    ran, failed, errors, skipped = parse_test_log(lines)
    tally.check("install of the three addons", installed, f"exit code {rc}")
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

    # 2. upgrade of the three addons
    say(f"upgrading {modules}")
    rc, lines = run_logged(odoo.cmd("-d", db, "-u", modules, "--stop-after-init",
                                    "--http-port", str(free_port())),
                           odoo.env, logs / "upgrade.log")
    noisy = [ln for ln in lines if (m := LOG_RE.match(ln)) and m["level"] in ("ERROR", "CRITICAL")]
    tally.check("upgrade (-u) of the three addons", rc == 0 and not noisy,
                f"exit code {rc}, {len(noisy)} error line(s)")

    # 3. each addon uninstalls cleanly from a copy of the database
    if not opts.odoo_only:
        uninstall_check(odoo, db, tally, logs)

    # 4. suite-level tests against a running server
    if not opts.odoo_only:
        suite_tests(odoo, db, tally, logs, opts)
        lint(odoo, tally)
    return finish(tally, start)


def uninstall_check(odoo, db, tally, logs):
    copy = f"{db}_uninstall"
    odoo.drop_db(copy)
    run(["createdb", "-T", db, copy], env=odoo.env)
    try:
        for module in reversed(MODULES):
            rc, lines = run_logged([odoo.python, odoo.src / "odoo-bin", "module", "uninstall", "-c", odoo.conf,
                                    "-d", copy, module], odoo.env, logs / f"uninstall-{module}.log")
            errors = [ln for ln in lines if (m := LOG_RE.match(ln)) and m["level"] in ("ERROR", "CRITICAL")]
            state = odoo.psql(f"SELECT state FROM ir_module_module WHERE name = '{module}'", db=copy)
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
    port = free_port()
    say(f"starting Odoo on port {port} for the suite tests")
    with open(logs / "suite-server.log", "w") as server_log:
        server = subprocess.Popen([str(c) for c in odoo.cmd(
            "-d", db, "--db-filter", f"^{re.escape(db)}$", "--http-port", str(port),
            "--workers", "2", "--max-cron-threads", "0", "--gevent-port", str(free_port()))],
            env=odoo.env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _run_pytest(odoo, db, port, tally, logs)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def _run_pytest(odoo, db, port, tally, logs):
    deadline = time.time() + 120
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            break
        time.sleep(1)
    env = dict(odoo.env, SMARTCRM_URL=f"http://127.0.0.1:{port}", SMARTCRM_DB=db,
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


MERGE_PO = """
import re, sys, polib
pot_path, po_path = sys.argv[1:3]
pot = polib.pofile(pot_path)
try:
    old = {e.msgid: e for e in polib.pofile(po_path) if not e.obsolete}
except OSError:
    old = {}
po = polib.POFile(wrapwidth=78)
po.metadata = dict(pot.metadata, Language="ja", **{"Plural-Forms": "nplurals=1; plural=0;"})
def japanese(text):
    # Japanese demo data, with no English words that would need translating
    return (any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
            and not re.search("[A-Za-z]{3}", text))
for entry in pot:
    entry.msgstr = old[entry.msgid].msgstr if entry.msgid in old else ""
    if not entry.msgstr and japanese(entry.msgid):
        entry.msgstr = entry.msgid  # Japanese demo data is its own translation
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.append(entry)
po.save(po_path)
print(sum(1 for e in po if not e.msgstr), "untranslated in", po_path)
"""


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
        run([odoo.python, "-c", MERGE_PO, pot, i18n / "ja.po"], env=odoo.env)
    return 0


def cmd_shell(opts):
    odoo = Odoo()
    args = odoo.cmd("-d", opts.database, subcommand="shell")
    os.execve(str(args[0]), [str(a) for a in args], odoo.env)


def cmd_stop(_opts):
    if not external_pg():
        Cluster().stop()
    return 0


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
    p_test.add_argument("--tags", help="Odoo --test-tags instead of every test of the three addons")
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


if __name__ == "__main__":
    sys.exit(main())
