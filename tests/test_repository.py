"""Layout and packaging rules every Smart CRM addon follows."""
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))


def test_the_three_addons_exist():
    assert {a.name for a in ADDONS} >= {"crm_smart", "crm_valuecard", "crm_survey"}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "LGPL-3"
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", manifest["summary"]), "summary needs Japanese too"
    assert re.search(r"[A-Za-z]{3}", manifest["summary"]), "summary needs English too"
    for key in ("author", "website", "maintainers", "depends", "category"):
        assert manifest.get(key), key
    for path in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / path).is_file(), path


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_addon_files(addon):
    assert (addon / "static/description/icon.png").is_file()
    assert (addon / "i18n/ja.po").is_file()
    assert (addon / "readme/DESCRIPTION.rst").is_file()
    assert (addon / "security/ir.model.access.csv").is_file() or addon.name == "crm_survey"
    assert list((addon / "tests").glob("test_*.py")), "every addon ships tests"


def test_readmes_are_generated_from_fragments():
    res = subprocess.run([sys.executable, ROOT / "tools/gen_readme.py", "--check"],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci/run").read_text()
    commands = [ln for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")
                and not ln.startswith(("set ", "cd "))]
    assert commands == ["exec ./smartcrm test"]
    assert "./smartcrm test" in (ROOT / "README.md").read_text()
    assert "./smartcrm run" in (ROOT / "README.md").read_text()
