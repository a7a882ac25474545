"""An Odoo server started for the suite tests or a benchmark: on free ports,
in a process session of its own, stopped with every worker it forked.

Standard library only: the suite tests and the benchmarks import it too.
"""
import contextlib
import os
import re
import signal
import socket
import subprocess
import time


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def odoo_server(cmd, db, log, workers=2, env=None, extra=(), timeout=120):
    """Serve ``db`` with ``cmd`` (python, odoo-bin and its configuration) and
    ``workers`` workers, no cron, on a free port, its output to the open file
    ``log``; yields ``(process, url)`` once it accepts connections, and stops
    it and its workers afterwards. Raises RuntimeError when it does not start
    within ``timeout`` seconds."""
    port = free_port()
    server = subprocess.Popen(
        [str(c) for c in (*cmd, "-d", db, "--db-filter", f"^{re.escape(db)}$", "--http-port", port,
                          "--workers", workers, "--max-cron-threads", 0, "--gevent-port", free_port(), *extra)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + timeout
        while not _listening(port):
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"the Odoo server on port {port} did not start (exit code {server.poll()})")
            time.sleep(0.5)
        yield server, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _listening(port):
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False
