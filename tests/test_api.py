"""Smart CRM over Odoo's JSON-2 API, against a multi-worker server."""
import requests


def test_login_page_served(odoo_url):
    res = requests.get(f"{odoo_url}/web/login", timeout=60)
    assert res.status_code == 200
    assert 'name="login"' in res.text


def test_demo_customers_are_japanese(api):
    customers = api.call("res.partner", "search_read",
                         domain=[("country_id.code", "=", "JP"), ("name", "=", "株式会社さくらフーズ")],
                         fields=["name", "phone", "city"])
    assert len(customers) == 1
    assert customers[0]["city"] == "渋谷区"


def test_company_defaults_to_yen(api):
    companies = api.call("res.company", "search_read", domain=[], fields=["currency_id", "country_id"])
    assert any(company["currency_id"][1] == "JPY" for company in companies)


def test_smart_crm_groups_exposed(api):
    groups = api.call("res.groups", "search_read",
                      domain=[("privilege_id.name", "=", "Smart CRM")], fields=["name"], order="sequence")
    assert [g["name"] for g in groups] == ["User", "Marketer", "Manager", "Administrator"]


def test_create_and_read_customer(api):
    ids = api.call("res.partner", "create", vals_list=[{"name": "API 太郎", "phone": "+81 90-0000-1111"}])
    assert len(ids) == 1
    [partner] = api.call("res.partner", "read", ids=ids, fields=["name"])
    assert partner["name"] == "API 太郎"
    api.call("res.partner", "unlink", ids=ids)


def test_bad_api_key_is_refused(odoo_url, db_name):
    res = requests.post(f"{odoo_url}/json/2/res.partner/search", json={"domain": []},
                        headers={"Authorization": "bearer not-a-key", "X-Odoo-Database": db_name}, timeout=60)
    assert res.status_code == 401
