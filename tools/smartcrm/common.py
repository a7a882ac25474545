"""Where the project lives, and the messages and subprocess helper every command uses."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ADDONS = ROOT / "addons"
# The Smart CRM addons in install order: installed, tested, upgraded, translated
# and linted together, uninstalled in reverse order.
MODULES = ["crm_smart_base", "crm_smart_data", "crm_smart_kana", "crm_smart_segment", "crm_smart_history",
           "crm_smart_sales", "crm_smart_sales_history", "crm_smart_claim", "crm_smart_claim_history",
           "crm_valuecard", "crm_valuecard_history", "crm_survey", "crm_survey_history", "crm_survey_valuecard",
           "crm_smart_mail", "crm_survey_segment", "crm_valuecard_segment", "crm_smart"]
# Addons that must install on their own, each with the addons it must not pull
# in: ./smartcrm test installs each alone into a fresh database and checks that
# none of those is installed.
STANDALONE = {
    "crm_valuecard": ["crm", "calendar", "mass_mailing", "crm_smart_data", "crm_smart_sales",
                      "crm_smart_segment", "crm_smart_history"],
    "crm_survey": ["crm", "calendar", "mass_mailing", "crm_valuecard", "crm_smart_segment"],
}
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
