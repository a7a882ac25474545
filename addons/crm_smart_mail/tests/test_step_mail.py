from ast import literal_eval
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from .common import SmartMailCase


class StepMailCase(SmartMailCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env["smart.step.sequence"].create({
            "name": "ウェルカムメール",
            "trigger": "segment",
            "partner_domain": cls.tag_domain,
            "step_ids": [
                (0, 0, {"name": "ようこそ", "sequence": 1, "wait_days": 0}),
                (0, 0, {"name": "3日後", "sequence": 2, "wait_days": 3}),
                (0, 0, {"name": "10日後", "sequence": 3, "wait_days": 7}),
            ],
        })
        cls.step1, cls.step2, cls.step3 = cls.sequence.step_ids

    def _enrolment(self, partner):
        return self.env["smart.step.enrolment"].search([("sequence_id", "=", self.sequence.id),
                                                        ("partner_id", "=", partner.id)])

    def _run(self):
        self.env["smart.step.enrolment"]._process_due(1000)

    def _set_dates(self, dates):
        """Give customers the date (their creation date stands for a date field)."""
        for partner, date in dates.items():
            self.env.cr.execute(SQL("UPDATE res_partner SET create_date = %s WHERE id = %s", date, partner.id))
        self.env["res.partner"].invalidate_model(["create_date"])

    def _sent_steps(self, partner):
        return self._enrolment(partner).send_ids.step_id


@tagged("post_install", "-at_install")
class TestStepMail(StepMailCase):

    def test_steps_have_their_message(self):
        self.assertTrue(all(self.sequence.step_ids.mailing_id))
        self.assertEqual(self.step1.mailing_id.smart_step_id, self.step1)
        self.assertEqual(self.step1.subject, "ようこそ")
        # step messages are not listed with the marketer's mailings
        action = self.env.ref("crm_smart_mail.mailing_mailing_action")
        self.assertFalse(self.env["mailing.mailing"].search(
            [("id", "in", self.sequence.step_ids.mailing_id.ids)] + literal_eval(action.domain)))

    def test_enrol_on_segment_and_timing(self):
        start = fields.Datetime.now()
        with freeze_time(start):
            self.sequence.action_start()
            enrolled = self.sequence.enrolment_ids.partner_id
            self.assertEqual(enrolled, self.consenting | self.no_consent)
            self._run()
        partner = self.consenting[0]
        self.assertEqual(self._sent_steps(partner), self.step1)
        self.assertEqual(self._mailed_partners(self.step1.mailing_id), self.consenting)
        enrolment = self._enrolment(partner)
        self.assertEqual(enrolment.step_id, self.step2)
        self.assertEqual(enrolment.next_date, start + timedelta(days=3))
        # day 2: nothing due
        with freeze_time(start + timedelta(days=2)):
            self._run()
        self.assertEqual(self._sent_steps(partner), self.step1)
        with freeze_time(start + timedelta(days=3, minutes=1)):
            self._run()
        self.assertEqual(self._sent_steps(partner), self.step1 | self.step2)
        self.assertEqual(enrolment.next_date, start + timedelta(days=10, minutes=1))
        with freeze_time(start + timedelta(days=11)):
            self._run()
            self._run()
        self.assertEqual(self._sent_steps(partner), self.sequence.step_ids)
        self.assertEqual(enrolment.state, "done")
        self.assertEqual(self._mailed_partners(self.step3.mailing_id), self.consenting)
        # a customer entering the filter later is enrolled by the scheduled job, once
        self.untagged.category_id = self.tag
        self.env["smart.step.sequence"]._cron_enrol()
        self.env["smart.step.sequence"]._cron_enrol()
        self.assertEqual(len(self._enrolment(self.untagged)), 1)
        self.assertEqual(self._enrolment(self.untagged).event, "segment")

    def test_enrol_on_entering_a_segment(self):
        segment = self.env["smart.segment"].create({
            "name": "ウェルカム対象", "domain": self.tag_domain,
            "exclude_segment_ids": [(0, 0, {"name": "除外", "domain": repr([("id", "=", self.no_consent.id)])})],
        })
        self.sequence.write({"segment_id": segment.id, "partner_domain": "[]"})
        self.sequence.action_start()
        self.assertEqual(self.sequence.enrolment_ids.partner_id, self.consenting)
        self.untagged.category_id = self.tag
        self.env["smart.step.sequence"]._cron_enrol()
        self.assertEqual(self.sequence.enrolment_ids.partner_id, self.consenting | self.untagged)

    def test_exit_on_opt_out_and_no_consent(self):
        self.sequence.action_start()
        self.env["mail.blacklist"]._add(self.consenting[0].email)
        self._run()
        self.assertEqual(self._enrolment(self.consenting[0]).exit_reason, "opt_out")
        self.assertEqual(self._enrolment(self.no_consent).exit_reason, "opt_out")
        self.assertFalse(self._sent_steps(self.no_consent))
        self.assertEqual(self._mailed_partners(self.step1.mailing_id), self.consenting[1:])
        # consent withdrawn between two steps: no more step mail
        self.env["smart.consent"]._record(self.consenting[1], "withdrawn", "unsubscribe")
        with freeze_time(fields.Datetime.now() + timedelta(days=4)):
            self._run()
        self.assertEqual(self._enrolment(self.consenting[1]).state, "exited")
        self.assertEqual(self._sent_steps(self.consenting[1]), self.step1)
        self.assertEqual(self._sent_steps(self.consenting[2]), self.step1 | self.step2)

    def test_goal_and_condition(self):
        vip = self.env["res.partner.category"].create({"name": "VIP"})
        self.sequence.goal_domain = repr([("category_id", "in", vip.ids)])
        self.step2.condition_domain = repr([("phone", "!=", False)])
        self.consenting[1].phone = "090-1234-5678"
        self.consenting[2].phone = "090-8765-4321"
        self.sequence.action_start()
        self._run()
        self.consenting[2].category_id |= vip
        with freeze_time(fields.Datetime.now() + timedelta(days=4)):
            self._run()
        self.assertEqual(self._enrolment(self.consenting[0]).exit_reason, "condition")
        self.assertEqual(self._sent_steps(self.consenting[1]), self.step1 | self.step2)
        self.assertEqual(self._enrolment(self.consenting[2]).state, "done")
        self.assertEqual(self._enrolment(self.consenting[2]).exit_reason, "goal")
        self.assertEqual(self._sent_steps(self.consenting[2]), self.step1)

    def test_wait_until_date_field(self):
        date_field = self.env["ir.model.fields"]._get("res.partner", "create_date")
        self.step2.write({"wait_type": "date_field", "date_field_id": date_field.id})
        self._set_dates({self.consenting[0]: "2026-12-24", self.consenting[1]: "2020-01-01",
                         self.consenting[2]: None})
        with freeze_time("2026-12-01 09:00:00"):
            self.sequence.action_start()
            self._run()
        # a future date is waited for, a past one is due at once, no date ends the step mail
        self.assertEqual(self._enrolment(self.consenting[0]).next_date, fields.Datetime.to_datetime("2026-12-24"))
        self.assertEqual(self._enrolment(self.consenting[1]).next_date,
                         fields.Datetime.to_datetime("2026-12-01 09:00:00"))
        self.assertEqual(self._enrolment(self.consenting[2]).exit_reason, "no_date")

    def test_event_enrolment(self):
        self.sequence.write({"trigger": "card_issued"})
        self.sequence.action_start()
        self.assertFalse(self.sequence.enrolment_ids)
        outsider = self.untagged
        enrolled = self.env["smart.step.sequence"]._enrol_partners("card_issued", self.consenting[0] | outsider)
        self.assertEqual(enrolled.partner_id, self.consenting[0])
        self.assertEqual(enrolled.event, "card_issued")
        # announced twice, enrolled once; other events do not enrol
        self.env["smart.step.sequence"]._enrol_partners("card_issued", self.consenting[0])
        self.env["smart.step.sequence"]._enrol_partners("survey_answered", self.consenting[1])
        self.assertEqual(self.sequence.enrolment_ids.partner_id, self.consenting[0])

    def test_birthday_month(self):
        birthday = self.env["ir.model.fields"]._get("res.partner", "create_date")
        self._set_dates({self.consenting[0]: "1990-05-20", self.consenting[1]: "1985-06-01",
                         self.consenting[2]: "1985-07-01", self.no_consent: "1985-08-01"})
        self.sequence.write({"trigger": "birthday_month", "birthday_field_id": birthday.id})
        with freeze_time("2026-05-03"):
            self.sequence.action_start()
            self.env["smart.step.sequence"]._cron_enrol()
        self.assertEqual(self.sequence.enrolment_ids.partner_id, self.consenting[0])
        self.assertEqual(self.sequence.enrolment_ids.enrol_key, "2026")
        with freeze_time("2027-05-03"):
            self.env["smart.step.sequence"]._cron_enrol()
        self.assertEqual(len(self._enrolment(self.consenting[0])), 2)

    def test_step_loop_is_refused(self):
        self.step1.next_step_id = self.step3  # a jump forward is fine
        self.assertEqual(self.step1._get_next_step(), self.step3)
        with self.assertRaisesRegex(ValidationError, "loop"):
            self.step3.next_step_id = self.step1

    def test_start_needs_steps(self):
        empty = self.env["smart.step.sequence"].create({"name": "空"})
        with self.assertRaisesRegex(UserError, "no step"):
            empty.action_start()

    def test_stop(self):
        self.sequence.action_start()
        self.sequence.action_stop()
        self._run()
        self.assertFalse(self.step1.mailing_id.mailing_trace_ids)
        self.assertEqual(set(self.sequence.enrolment_ids.mapped("exit_reason")), {"stopped"})

    def test_statistics(self):
        self.sequence.action_start()
        self._run()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", self.step1.mailing_id.id)])
        self.assertEqual(len(traces), 3)
        traces[0].set_opened()
        traces[0].set_clicked()
        traces[1].set_bounced()
        self.step1.invalidate_recordset()
        self.assertEqual((self.step1.sent_count, self.step1.opened_count, self.step1.clicked_count,
                          self.step1.bounced_count), (1, 1, 1, 1))

    def test_marketer_cannot_move_an_enrolment(self):
        self.sequence.action_start()
        enrolment = self._enrolment(self.consenting[0]).with_user(self.user_marketer)
        with self.assertRaises(Exception):  # noqa: B017 - access error from the model rights
            enrolment.write({"state": "done"})
        manual = self.env["smart.step.enrolment"].with_user(self.user_marketer).create({
            "sequence_id": self.sequence.id, "partner_id": self.untagged.id, "state": "done"})
        self.assertEqual((manual.state, manual.step_id), ("running", self.step1))
