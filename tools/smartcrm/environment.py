"""What the commands run on: the Odoo 19.0 source, the Python environment and Chromium."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import ROOT, cache_dir, die, run, say

ODOO_BRANCH = "19.0"
ODOO_DOWNLOAD = f"https://github.com/odoo/odoo/archive/refs/heads/{ODOO_BRANCH}.tar.gz"
# Bumped whenever the way the virtual environment is built changes.
VENV_RECIPE = "3"


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


def _split_addon_requirements(text):
    """(other lines, odoo-addon-* lines) of a requirements file."""
    ours, addons = [], []
    for line in text.splitlines():
        (addons if line.strip().lower().startswith("odoo-addon-") else ours).append(line)
    return "\n".join(ours) + "\n", "\n".join(addons) + "\n"


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
    # OCA addons (odoo-addon-* wheels) require the odoo distribution, which the
    # Odoo source is not installed as: they are installed without dependencies,
    # and what they import is listed in requirements.txt beside them
    ours, addons = _split_addon_requirements((ROOT / "requirements.txt").read_text())
    (venv / "requirements.txt").write_text(ours)
    run(pip + ["-r", venv / "requirements.txt", "-r", ROOT / "requirements-dev.txt"])
    if addons.strip():
        (venv / "addon-requirements.txt").write_text(addons)
        run(pip + ["--no-deps", "-r", venv / "addon-requirements.txt"])
    stamp.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
    return python


# ---------------------------------------------------------------------------
# Chromium, for the browser tests
# ---------------------------------------------------------------------------

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
