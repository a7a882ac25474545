"""Daily reports and alerts probed over JSON-2 as a sales rep and a team leader would try to
bend them: the owner, the team and the review of a report move only through the workflow,
a report reaches only the records its rep may read, and an alert keeps its author."""
import uuid

import pytest
from conftest import Json2, assert_refused, shell_world

REPORT = "smart.daily.report"
LINE = "smart.daily.report.line"
ALERT = "smart.alert"


@pytest.fixture(scope="module")
def world(api):
    """A team led by a leader with one rep, a rep of another team with an opportunity, a
    customer, and the leader's own submitted report; API keys for the rep and the leader."""
    tag = uuid.uuid4().hex[:8]
    world = shell_world(
        "import datetime, json\n"
        "expiry = datetime.datetime.now() + datetime.timedelta(hours=12)\n"
        "group = env.ref('crm_smart_base.group_smart_user')\n"
        "def user(name, login):\n"
        "    return env['res.users'].create({'name': name, 'login': login, 'tz': 'Asia/Tokyo',\n"
        "                                    'group_ids': [(6, 0, group.ids)]})\n"
        f"rep = user('プローブ 営業', 'probe-rep-{tag}')\n"
        f"other = user('プローブ 他営業', 'probe-other-{tag}')\n"
        f"leader = user('プローブ リーダー', 'probe-leader-{tag}')\n"
        "team = env['crm.team'].create({'name': 'プローブ東京', 'user_id': leader.id, 'crm_team_member_ids': [\n"
        "    (0, 0, {'user_id': rep.id}), (0, 0, {'user_id': leader.id})]})\n"
        "other_team = env['crm.team'].create({'name': 'プローブ大阪',\n"
        "                                     'crm_team_member_ids': [(0, 0, {'user_id': other.id})]})\n"
        "customer = env['res.partner'].create({'name': 'プローブ商事株式会社', 'is_company': True})\n"
        "lead = env['crm.lead'].create({'name': '大阪の新規出店', 'type': 'opportunity', 'user_id': other.id,\n"
        "                               'team_id': other_team.id, 'partner_id': customer.id})\n"
        "own = env['smart.daily.report'].create({'user_id': leader.id, 'date': '2026-11-02', 'line_ids': [\n"
        "    (0, 0, {'kind': 'visit', 'partner_id': customer.id, 'purpose': '定期訪問'})]})\n"
        "own.with_user(leader).action_submit()\n"
        "keys = {u.login.split('-')[1]: env['res.users.apikeys'].with_user(u)._generate('rpc', 'probe', expiry)\n"
        "        for u in (rep, leader)}\n"
        "env.cr.commit()\n"
        "print('WORLD=' + json.dumps({'rep': rep.id, 'other': other.id, 'leader': leader.id, 'team': team.id,\n"
        "    'other_team': other_team.id, 'customer': customer.id, 'lead': lead.id, 'leader_report': own.id,\n"
        "    'keys': keys}))\n"
    )
    world["as_rep"] = Json2(api.url, api.db, world["keys"]["rep"])
    world["as_leader"] = Json2(api.url, api.db, world["keys"]["leader"])
    return world


def _refused(res, *fragments):
    return assert_refused(res, *fragments, japanese=True)


def _call(client, model, method, **params):
    return client.call(model, method, expect_error=True, context={"lang": "ja_JP"}, **params)


def _report(api, report_id):
    [report] = api.call(REPORT, "read", ids=[report_id], fields=[
        "user_id", "team_id", "state", "manager_comment", "approved_by_id", "approved_date"])
    return report


def test_leader_never_reviews_own_report(api, world):
    leader, report_id = world["as_leader"], world["leader_report"]
    before = _report(api, report_id)
    assert before["state"] == "submitted" and before["team_id"][0] == world["team"]
    _refused(_call(leader, REPORT, "action_approve", ids=[report_id]), "自分の日報")
    _refused(_call(leader, REPORT, "action_return", ids=[report_id], reason="問題なし"), "自分の日報")
    _refused(_call(leader, REPORT, "write", ids=[report_id], vals={"manager_comment": "よくできました"}),
             "自分の日報")
    _refused(_call(leader, REPORT, "write", ids=[report_id],
                   vals={"state": "approved", "approved_by_id": world["leader"]}), "承認手続き")
    assert _report(api, report_id) == before


def test_rep_keeps_report_on_self(api, world):
    rep = world["as_rep"]
    [report_id] = rep.call(REPORT, "create", vals_list=[{"date": "2026-11-03"}])
    before = _report(api, report_id)
    assert before["user_id"][0] == world["rep"] and before["team_id"][0] == world["team"]
    _refused(_call(rep, REPORT, "write", ids=[report_id], vals={"user_id": world["other"]}), "営業担当")
    _refused(_call(rep, REPORT, "write", ids=[report_id], vals={"team_id": world["other_team"]}), "営業チーム")
    assert _report(api, report_id) == before


@pytest.mark.parametrize("vals,fragment", [
    ({"user_id": "other"}, "営業担当"),
    ({"team_id": "other_team"}, "営業チーム"),
    ({"approved_by_id": "leader"}, "承認手続き"),
    ({"approved_date": "2026-11-04 09:00:00"}, "承認手続き"),
    ({"manager_comment": "自己評価: 満点"}, "承認手続き"),
    ({"state": "approved"}, "承認手続き"),
])
def test_rep_files_only_own_draft(api, world, vals, fragment):
    vals = {name: world.get(value, value) for name, value in vals.items()}
    date = "2026-11-04"
    before = api.call(REPORT, "search_count", domain=[("date", "=", date)])
    _refused(_call(world["as_rep"], REPORT, "create", vals_list=[{"date": date, **vals}]), fragment)
    assert api.call(REPORT, "search_count", domain=[("date", "=", date)]) == before


def test_report_reaches_only_readable_opportunities(api, world):
    rep, lead = world["as_rep"], world["lead"]
    [report_id] = rep.call(REPORT, "create", vals_list=[{"date": "2026-11-05", "line_ids": [
        [0, 0, {"kind": "visit", "partner_id": world["customer"], "purpose": "商品説明"}]]}])
    _refused(_call(rep, LINE, "create", vals_list=[{
        "report_id": report_id, "kind": "call", "lead_id": lead, "purpose": "横取り"}]), "横取り", "案件")
    [line_id] = rep.call(LINE, "search", domain=[("report_id", "=", report_id)])
    _refused(_call(rep, LINE, "write", ids=[line_id], vals={"lead_id": lead}), "商品説明", "案件")
    _refused(_call(rep, REPORT, "create", vals_list=[{"date": "2026-11-06", "line_ids": [
        [0, 0, {"kind": "visit", "lead_id": lead, "purpose": "同行"}]]}]), "同行")
    [line] = api.call(LINE, "read", ids=[line_id], fields=["lead_id"])
    assert line["lead_id"] is False

    # a line someone else put on the rep's report: submitting it must not write there either
    api.call(LINE, "create", vals_list=[{"report_id": report_id, "kind": "visit", "lead_id": lead,
                                         "purpose": "代理記入", "result": "契約の話", "next_step": "契約書送付"}])
    [before] = api.call("crm.lead", "read", ids=[lead], fields=["message_ids", "activity_ids"])
    _refused(_call(rep, REPORT, "action_submit", ids=[report_id]), "代理記入", "案件")
    assert _report(api, report_id)["state"] == "draft"
    [after] = api.call("crm.lead", "read", ids=[lead], fields=["message_ids", "activity_ids"])
    assert after == before


def test_alert_keeps_its_author(api, world):
    rep = world["as_rep"]
    _refused(_call(rep, ALERT, "create", vals_list=[{
        "partner_id": world["customer"], "message": "なりすまし", "user_id": world["other"]}]), "作成者")
    assert not api.call(ALERT, "search", domain=[("message", "=", "なりすまし")])
    [alert_id] = rep.call(ALERT, "create", vals_list=[{"partner_id": world["customer"], "message": "支払遅延あり"}])
    _refused(_call(rep, ALERT, "write", ids=[alert_id], vals={"user_id": world["other"]}), "作成者")
    rep.call(ALERT, "write", ids=[alert_id], vals={"date_to": "2026-12-31"})
    [alert] = api.call(ALERT, "read", ids=[alert_id], fields=["user_id", "date_to"])
    assert alert["user_id"][0] == world["rep"] and alert["date_to"] == "2026-12-31"
