import datetime

from odoo.tests import new_test_user

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


class SmartReportCase(SmartCrmCase):
    """A sales team with a leader and two reps, a customer with an opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(cls.env, login="rep_ito", groups="crm_smart_base.group_smart_user",
                                name="Rep Ito", email="ito@example.jp", tz="Asia/Tokyo")
        cls.rep_other = new_test_user(cls.env, login="rep_kudo", groups="crm_smart_base.group_smart_user",
                                      name="Rep Kudo", email="kudo@example.jp", tz="Asia/Tokyo")
        cls.leader = new_test_user(cls.env, login="leader_ono", groups="crm_smart_base.group_smart_user",
                                   name="Leader Ono", email="ono@example.jp", tz="Asia/Tokyo")
        cls.team = cls.env["crm.team"].create({
            "name": "Tokyo Sales",
            "user_id": cls.leader.id,
            "crm_team_member_ids": [
                (0, 0, {"user_id": cls.rep.id}),
            ],
        })
        cls.other_team = cls.env["crm.team"].create({
            "name": "Osaka Sales",
            "crm_team_member_ids": [(0, 0, {"user_id": cls.rep_other.id})],
        })
        cls.lead = cls.env["crm.lead"].create({
            "name": "Kitchen renewal",
            "type": "opportunity",
            "partner_id": cls.customer.id,
            "user_id": cls.rep.id,
            "team_id": cls.team.id,
        })
        cls.Report = cls.env["smart.daily.report"]

    @classmethod
    def _report(cls, user, date, lines=None, **values):
        return cls.Report.create({
            "user_id": user.id,
            "date": date,
            "line_ids": [(0, 0, line) for line in (lines or [])],
            **values,
        })

    def _early_call_done(self, user):
        """A call of ``user`` on the opportunity marked done at 01:30 in Tokyo on 2026-11-20,
        16:30 UTC the day before, the day its done date (in UTC) tells."""
        activity = self.lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Early call", user_id=user.id)
        activity.action_feedback(feedback="Called before the shop opened")
        self.env.flush_all()
        self.env.cr.execute("UPDATE mail_activity SET date_done = %s, write_date = %s WHERE id = %s",
                            [datetime.date(2026, 11, 19), datetime.datetime(2026, 11, 19, 16, 30), activity.id])
        self.env.invalidate_all()
