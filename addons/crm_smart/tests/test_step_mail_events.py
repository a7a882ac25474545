from odoo.tests import tagged

from odoo.addons.crm_smart_mail.tests.common import SmartMailCase


@tagged("post_install", "-at_install")
class TestStepMailEvents(SmartMailCase):
    """Step mails start on the customer events the other addons announce: a value
    card issued, a survey answered, a first visit (counter, import, card payment)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Sequence = cls.env["smart.step.sequence"]

        def sequence(name, trigger, **vals):
            return Sequence.create({"name": name, "trigger": trigger,
                                    "step_ids": [(0, 0, {"name": "ようこそ", "wait_days": 0})], **vals})

        # the card step mail is for the tagged customers only
        cls.on_card = sequence("カード発行", "card_issued", partner_domain=cls.tag_domain)
        cls.on_survey = sequence("アンケート回答", "survey_answered")
        cls.on_visit = sequence("初来店", "first_visit")
        cls.draft = sequence("準備中", "card_issued")
        cls.running = cls.on_card | cls.on_survey | cls.on_visit
        cls.running.action_start()
        cls.program = cls.env["valuecard.program"].create({"name": "イベント カード", "number_prefix": "EV"})
        cls.newcomer = cls.env["res.partner"].create({"name": "新規 顧客", "email": "new@example.jp",
                                                      "category_id": [cls.tag.id], "ref": "EV-NEW"})
        cls.env["smart.consent"]._record(cls.newcomer, "given", "counter")

    def enrolled(self):
        """{step mail name: customers enrolled} of the four step mails."""
        return {sequence.name: sequence.enrolment_ids.partner_id for sequence in self.running | self.draft}

    def assertEnrolled(self, expected):
        self.assertEqual(self.enrolled(), {name: expected.get(name, self.env["res.partner"])
                                           for name in ("カード発行", "アンケート回答", "初来店", "準備中")})

    def new_card(self, partner):
        return self.env["valuecard.card"].create({"program_id": self.program.id, "partner_id": partner.id})

    def test_card_issued(self):
        self.new_card(self.newcomer)
        self.new_card(self.newcomer)  # a second card: still enrolled once
        self.new_card(self.untagged)  # outside the step mail's filter
        enrolment = self.on_card.enrolment_ids
        self.assertEnrolled({"カード発行": self.newcomer})
        self.assertEqual((enrolment.event, enrolment.state, enrolment.step_id),
                         ("card_issued", "running", self.on_card.step_ids))
        # the scheduled job sends the first step
        self.env["smart.step.enrolment"]._process_due(100)
        self.assertEqual(enrolment.send_ids.step_id, self.on_card.step_ids)

    def test_survey_answered(self):
        survey = self.env["survey.survey"].create({"title": "来店アンケート", "access_mode": "token",
                                                   "respondent_mode": "identified"})
        for _attempt in range(2):
            survey._create_answer(partner=self.newcomer, check_attempts=False)._mark_done()
        survey._create_answer(partner=self.untagged, check_attempts=False)  # not finished
        self.assertEnrolled({"アンケート回答": self.newcomer})

    def test_first_visit_at_the_counter_and_by_import(self):
        Visit = self.env["smart.visit"]
        Visit.create({"partner_id": self.newcomer.id, "amount": 1000})
        Visit.create({"partner_id": self.newcomer.id, "amount": 2000})
        self.assertEnrolled({"初来店": self.newcomer})
        self.untagged.ref = "EV-OLD"
        Visit.with_user(self.user_manager).import_visits([
            {"partner_ref": "EV-OLD", "date": "2026-04-01 10:00:00", "external_ref": "EV-IMP-1"},
            {"partner_ref": "EV-OLD", "date": "2026-04-02 10:00:00", "external_ref": "EV-IMP-2"},
            {"partner_ref": "EV-NEW", "date": "2026-04-02 10:00:00", "external_ref": "EV-IMP-3"},
        ])
        self.assertEnrolled({"初来店": self.newcomer | self.untagged})
        self.assertEqual(len(self.on_visit.enrolment_ids), 2)

    def test_first_visit_by_card_payment(self):
        card = self.new_card(self.newcomer)
        card.charge(5000, "EV-C-1")
        self.assertEnrolled({"カード発行": self.newcomer})
        card.pay(1000, "EV-P-1")
        card.pay(1000, "EV-P-2")
        self.assertEnrolled({"カード発行": self.newcomer, "初来店": self.newcomer})

    def test_events_are_wanted_while_a_step_mail_runs(self):
        Partner = self.env["res.partner"]
        self.assertTrue(Partner._smart_customer_event_wanted("first_visit"))
        self.on_visit.action_stop()
        # (the demo data has no step mail started by a first visit)
        self.assertFalse(Partner._smart_customer_event_wanted("first_visit"))
        self.assertTrue(Partner._smart_customer_event_wanted("card_issued"))

    def test_stopped_or_broken_step_mail_enrols_nobody(self):
        self.on_card.action_stop()
        self.new_card(self.newcomer)
        self.assertFalse(self.on_card.enrolment_ids)
        # a step mail on a broken segment does not stop the card from being issued
        segment = self.env["smart.segment"].create({"name": "壊れたセグメント", "domain": "[]"})
        self.on_visit.segment_id = segment
        segment._mark_broken("テスト")
        with self.assertLogs("odoo.addons.crm_smart_mail.models.smart_step_sequence", "WARNING") as logs:
            visit = self.env["smart.visit"].create({"partner_id": self.newcomer.id})
        self.assertTrue(visit)
        self.assertIn("壊れたセグメント", logs.output[0])
        self.assertFalse(self.on_visit.enrolment_ids)
