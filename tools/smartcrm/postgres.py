"""PostgreSQL: a private cluster in .local/pg, unless libpq variables name a server."""
import os
import shutil
import subprocess
from pathlib import Path

from .common import LOCAL, die, run, say

# runs the cluster as its own user when started as root; in /usr/sbin, which a
# root shell's PATH may leave out
RUNUSER = shutil.which("runuser") or next(
    (path for path in ("/usr/sbin/runuser", "/sbin/runuser") if Path(path).exists()), "runuser")


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
            return [RUNUSER, "-u", self.os_user, "--"] + [str(c) for c in cmd]
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
