"""The container is safe to expose: no known master password, no database
manager, workers and limits on (docker/odoo.conf and docker/entrypoint.sh)."""
import configparser
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"


def _options(text):
    parser = configparser.ConfigParser(inline_comment_prefixes=(";",))
    parser.read_string(text)
    return parser["options"]


def _entrypoint(env, *args):
    return subprocess.run(["sh", str(DOCKER / "entrypoint.sh"), "--print-config", *args],
                          env={"PATH": "/usr/bin:/bin", "ODOO_BASE_CONF": str(DOCKER / "odoo.conf"), **env},
                          capture_output=True, text=True, check=False)


def test_shipped_configuration_holds_no_secret_and_production_defaults():
    options = _options((DOCKER / "odoo.conf").read_text())
    assert "admin_passwd" not in options
    assert "db_password" not in options
    assert options["list_db"] == "False"
    assert options["proxy_mode"] == "True"
    for limit in ("limit_memory_soft", "limit_memory_hard", "limit_time_cpu", "limit_time_real"):
        assert int(options[limit]) > 0, limit


@pytest.mark.parametrize("password", ["", "admin", "odoo", "short-pass"])
def test_entrypoint_refuses_missing_default_or_short_master_password(password):
    res = _entrypoint({"ODOO_ADMIN_PASSWORD": password, "ODOO_DB_PASSWORD": "db-secret"})
    assert res.returncode == 64
    assert "ODOO_ADMIN_PASSWORD" in res.stderr
    assert "admin_passwd" not in res.stdout


def test_entrypoint_refuses_missing_database_password():
    res = _entrypoint({"ODOO_ADMIN_PASSWORD": "a-long-master-secret"})
    assert res.returncode == 64
    assert "ODOO_DB_PASSWORD" in res.stderr


def test_entrypoint_reads_secrets_from_files_and_sizes_workers(tmp_path):
    (tmp_path / "admin").write_text("a-long-master-secret")
    (tmp_path / "db").write_text("db-secret")
    res = _entrypoint({"ODOO_ADMIN_PASSWORD_FILE": str(tmp_path / "admin"),
                       "ODOO_DB_PASSWORD_FILE": str(tmp_path / "db")})
    assert res.returncode == 0, res.stderr
    options = _options(res.stdout)
    assert options["admin_passwd"] == "a-long-master-secret"
    assert options["db_password"] == "db-secret"
    assert int(options["workers"]) >= 3  # 2 x CPUs + 1
    assert options["list_db"] == "False"


def test_entrypoint_takes_workers_from_the_environment():
    res = _entrypoint({"ODOO_ADMIN_PASSWORD": "a-long-master-secret", "ODOO_DB_PASSWORD": "x",
                       "ODOO_WORKERS": "0"})
    assert res.returncode == 64
    res = _entrypoint({"ODOO_ADMIN_PASSWORD": "a-long-master-secret", "ODOO_DB_PASSWORD": "x",
                       "ODOO_WORKERS": "4"})
    assert _options(res.stdout)["workers"] == "4"


def test_entrypoint_writes_the_anchor_key_into_the_configuration_only(tmp_path):
    base = {"ODOO_ADMIN_PASSWORD": "a-long-master-secret", "ODOO_DB_PASSWORD": "x"}
    res = _entrypoint(base)
    assert res.returncode == 0, res.stderr
    assert "valuecard_anchor_key" not in _options(res.stdout)
    assert "VALUECARD_ANCHOR_KEY" in res.stderr, "a missing key is said"
    key = "k" * 48
    (tmp_path / "anchor").write_text(key)
    res = _entrypoint({**base, "VALUECARD_ANCHOR_KEY_FILE": str(tmp_path / "anchor")})
    assert res.returncode == 0, res.stderr
    assert _options(res.stdout)["valuecard_anchor_key"] == key
    res = _entrypoint({**base, "VALUECARD_ANCHOR_KEY": "too-short"})
    assert res.returncode == 64
    assert "VALUECARD_ANCHOR_KEY" in res.stderr


def test_shipped_configuration_holds_no_anchor_key():
    assert "valuecard_anchor_key" not in _options((DOCKER / "odoo.conf").read_text())
