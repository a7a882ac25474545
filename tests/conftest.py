"""Suite-level tests: they talk to an Odoo server that ./smartcrm test starts
on the freshly installed test database (several workers), as an integrator
would, over HTTP and Odoo's JSON-2 API."""
import datetime
import json
import os
import re
import subprocess
import time
import uuid

import pytest
import requests


def pytest_configure(config):
    config.addinivalue_line("markers", "benchmark: long-running benchmark, run by ./smartcrm bench")


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the suite tests through ./smartcrm test", pytrace=False)
    return value


@pytest.fixture(scope="session")
def odoo_url():
    return _required("SMARTCRM_URL")


@pytest.fixture(scope="session")
def db_name():
    return _required("SMARTCRM_DB")


def odoo_shell(code):
    """Run Python code in an Odoo shell on the test database; returns its stdout."""
    cmd = _required("SMARTCRM_ODOO_SHELL").split("\x1f")
    res = subprocess.run(cmd + ["-d", _required("SMARTCRM_DB"), "--no-http", "--log-level", "warn"],
                         input=code, capture_output=True, text=True, check=False, timeout=300)
    if res.returncode:
        raise AssertionError(f"odoo shell failed:\n{res.stdout}\n{res.stderr}")
    return res.stdout


@pytest.fixture(scope="session")
def api_key(db_name):
    expiry = (datetime.datetime.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    out = odoo_shell(
        "admin = env.ref('base.user_admin')\n"
        f"key = env['res.users.apikeys'].with_user(admin)._generate('rpc', 'suite tests', '{expiry}')\n"
        "env.cr.commit()\n"
        "print('APIKEY=' + key)\n"
    )
    for line in out.splitlines():
        if line.startswith("APIKEY="):
            return line.split("=", 1)[1].strip()
    raise AssertionError(f"no API key in shell output: {out}")


class Json2:
    """A minimal client of Odoo's JSON-2 API (/json/2/<model>/<method>)."""

    def __init__(self, url, db, key):
        self.url, self.db, self.key = url, db, key
        self.session = requests.Session()

    def call(self, model, method, expect_error=False, **params):
        res = self.session.post(
            f"{self.url}/json/2/{model}/{method}",
            json=params,
            headers={"Authorization": f"bearer {self.key}", "X-Odoo-Database": self.db},
            timeout=60,
        )
        if expect_error:
            return res
        assert res.status_code == 200, f"{model}.{method}: {res.status_code} {res.text[:2000]}"
        return res.json()


def valuecard_program(api, name, prefix):
    """A value-card program without bonus rules (charges add exactly their amount); returns its id."""
    [program_id] = api.call("valuecard.program", "create", vals_list=[{
        "name": name, "number_prefix": prefix, "bonus_validity_days": 0,
    }])
    return program_id


def charged_card(api, program_id, amount):
    """A new card of ``program_id`` charged with ``amount`` yen; returns its id."""
    [card_id] = api.call("valuecard.card", "create", vals_list=[{"program_id": program_id}])
    res = api.call("valuecard.card", "charge", ids=[card_id], amount=amount,
                   reference=f"charge-{uuid.uuid4().hex}")
    assert (res["balance_paid"], res["balance_bonus"]) == (amount, 0)
    return card_id


def paying_terminal(client, price, name, tries=40):
    """A counter terminal paying ``price`` through ``client`` (its own HTTP
    connection): it sends the same reference again until the server gives a
    definite answer, ``("paid", result)`` or ``("refused", message)``."""

    def pay(card_id, reference):
        for _ in range(tries):
            res = client.call("valuecard.card", "pay", expect_error=True, ids=[card_id], amount=price,
                              reference=reference, terminal=name)
            if res.status_code == 200:
                return "paid", res.json()
            if res.status_code == 422:
                return "refused", res.json()["message"]
            time.sleep(0.05)  # concurrency failure or server busy: same reference again
        raise AssertionError(f"{reference}: no definite answer after {tries} tries ({res.status_code})")

    return pay


@pytest.fixture(scope="session")
def api(odoo_url, db_name, api_key):
    return Json2(odoo_url, db_name, api_key)


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def shell_world(code):
    """Run ``code`` in an Odoo shell on the test database and return the JSON
    it prints on a line ``WORLD=…`` (the fixtures a probe module sets up)."""
    out = odoo_shell(code)
    line = next(line for line in out.splitlines() if line.startswith("WORLD="))
    return json.loads(line.split("=", 1)[1])


def assert_refused(res, *fragments, japanese=False):
    """A 422 (a UserError or ValidationError) whose message names each of
    ``fragments``, and is in Japanese when ``japanese``; returns the message."""
    assert res.status_code == 422, res.text
    message = res.json()["message"]
    if japanese:
        assert JAPANESE.search(message), f"untranslated error: {message}"
    for fragment in fragments:
        assert fragment in message, message
    return message
