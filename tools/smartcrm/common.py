"""Where the project lives, and the messages and subprocess helper every command uses."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ADDONS = ROOT / "addons"
MODULES = ["crm_smart", "crm_valuecard", "crm_survey"]
LOCAL = ROOT / ".local"


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
