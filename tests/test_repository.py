"""Layout and packaging rules every Smart CRM addon follows."""
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))


def test_the_suite_addons_exist():
    assert {a.name for a in ADDONS} >= {"crm_smart_base", "crm_smart_data", "crm_smart_sales",
                                        "crm_smart", "crm_valuecard", "crm_survey"}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_depends_only_on_what_it_uses(addon):
    """Features depend on the base, never on a sibling feature for a group or a helper."""
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    if addon.name in ("crm_smart_base", "crm_smart"):
        return
    assert "crm_smart_base" in manifest["depends"]
    assert "crm_smart" not in manifest["depends"]
    if addon.name == "crm_valuecard":
        assert set(manifest["depends"]) == {"crm_smart_base", "portal"}


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
    assert (addon / "security/ir.model.access.csv").is_file()
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


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_readme_renders(addon):
    """Odoo renders README.rst on the Apps page at install: a bad heading stops the install."""
    import docutils.core  # noqa: PLC0415  (Odoo's own dependency, in the test environment)
    docutils.core.publish_string((addon / "README.rst").read_text(), writer_name="html",
                                 settings_overrides={"halt_level": 2, "report_level": 5})


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_views_are_defined_once(addon):
    """Two views (or templates, menus) of one addon under the same XML id: the
    later silently replaces the former (a form lost its tab that way). Data
    records may be written twice on purpose (a demo record moved on)."""
    from lxml import etree  # noqa: PLC0415  (Odoo's own dependency, in the test environment)
    seen = {}
    for path in sorted(addon.rglob("*.xml")):
        if "static" in path.relative_to(addon).parts:
            continue
        root = etree.parse(str(path)).getroot()
        for node in root.iter("record", "template", "menuitem"):
            if node.tag == "record" and node.get("model") != "ir.ui.view":
                continue
            xmlid = node.get("id")
            if xmlid and "." not in xmlid:
                assert xmlid not in seen, f"{xmlid} in {path.name} and {seen[xmlid]}"
                seen[xmlid] = path.name


def test_run_names_the_core_modules_without_japanese(tmp_path):
    """./smartcrm run warns when the Odoo source lacks Japanese for the core modules."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from smartcrm.commands import CORE_JAPANESE, missing_core_japanese  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    assert missing_core_japanese(tmp_path) == ["base", "web", "mail", "contacts", "portal"]
    for module in CORE_JAPANESE:
        (tmp_path / module / "i18n").mkdir(parents=True)
        (tmp_path / module / "i18n" / "ja.po").write_text('msgid ""\nmsgstr ""\n')
    assert missing_core_japanese(tmp_path) == []
    (tmp_path / "addons/mail/i18n/ja.po").unlink()
    assert missing_core_japanese(tmp_path) == ["mail"]
