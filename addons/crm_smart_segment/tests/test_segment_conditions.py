import datetime
import json

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SegmentCase
from odoo.addons.crm_smart_data.tests.common_data import VISIT_MODEL


@tagged("post_install", "-at_install")
class TestSegmentConditions(SegmentCase):
    """Each kind of condition selects exactly the customers it says, as the user sees them."""

    def assertMembers(self, segment, partners):
        self.assertEqual(segment._search_partners(), partners)
        self.assertEqual(segment.partner_count, len(partners))
        self.assertEqual(self.env["res.partner"].with_user(segment.env.user).search(
            segment._get_partner_domain()), partners)

    def test_customer_fields_and_custom_fields(self):
        gold = self.segment("[('x_seg_test_rank.value', '=', 'gold')]")
        self.assertMembers(gold, self.p_gold | self.p_gold2)
        shibuya_gold = self.segment("[('x_seg_test_rank', '=', %d), ('city', '=', '渋谷区')]" % self.gold.id)
        self.assertMembers(shibuya_gold, self.p_gold)
        self.assertEqual(shibuya_gold.state, "valid")

    def test_value_card_summary(self):
        program = self.env["valuecard.program"].create({"name": "セグメント カード", "number_prefix": "SG"})
        card = self.env["valuecard.card"].create({"program_id": program.id, "partner_id": self.p_gold.id})
        card.charge(amount=6000, reference="SEG-1")
        self.env["valuecard.card"].create({"program_id": program.id, "partner_id": self.p_gold2.id}).charge(
            amount=1000, reference="SEG-2")
        rich = self.segment("[('valuecard_balance', '>=', 5000)]")
        self.assertMembers(rich, self.p_gold)
        # "no use in 60 days", written as the domain editor writes relative dates
        dormant = self.segment("['|', ('valuecard_last_use', '=', False), ('valuecard_last_use', '<', "
                               "(context_today() - relativedelta(days=60)).strftime('%Y-%m-%d'))]")
        self.assertMembers(dormant, self.p_silver | self.p_none)

    def test_database_records(self):
        today = fields.Date.today()
        self.Visit.create([
            {"x_name": "最近", "x_partner_id": self.p_gold.id, "x_visit_date": today - datetime.timedelta(days=5)},
            {"x_name": "昔", "x_partner_id": self.p_silver.id, "x_visit_date": today - datetime.timedelta(days=200)},
            {"x_name": "匿名", "x_visit_date": today},
        ])
        recent = "[('x_visit_date', '>=', (context_today() - relativedelta(days=90)).strftime('%Y-%m-%d'))]"
        visited = self.segment(lines=[self.line(VISIT_MODEL, "has", recent)])
        self.assertMembers(visited, self.p_gold)
        not_visited = self.segment(lines=[self.line(VISIT_MODEL, "has_not", recent)])
        self.assertMembers(not_visited, self.p_gold2 | self.p_silver | self.p_none)
        # no one2many from customers to the database: a subquery on the linked customers
        [condition] = [c for c in visited._get_partner_domain() if isinstance(c, tuple) and c[0] == "id"
                       and c[1] == "in" and not isinstance(c[2], (list, tuple))]
        self.assertTrue(condition)
        # the customers view gets a domain the browser can carry
        action = visited.action_view_partners()
        self.assertEqual(self.env["res.partner"].search(json.loads(json.dumps(action["domain"]))), self.p_gold)

    def test_alerts_through_the_customer_one2many(self):
        Alert = self.env["smart.alert"]
        Alert.create({"partner_id": self.p_silver.id, "message": "クレーム対応中", "kind": "negative"})
        Alert.create({"partner_id": self.p_gold.id, "message": "VIP", "kind": "positive"})
        line = self.line("smart.alert", "has", "[('kind', '=', 'negative'), ('is_current', '=', True)]",
                         link="partner_id")
        complaints = self.segment(lines=[line])
        self.assertMembers(complaints, self.p_silver)
        self.assertIn(("smart_alert_ids", "any"), [c[:2] for c in complaints._get_partner_domain()
                                                   if isinstance(c, tuple)])
        no_complaint = self.segment(lines=[dict(line, match="has_not")])
        self.assertMembers(no_complaint, self.p_gold | self.p_gold2 | self.p_none)

    def test_daily_report_lines_under_the_users_rules(self):
        rep = new_test_user(self.env, login="seg_rep", groups="crm_smart_base.group_smart_user", name="Rep Oda")
        report = self.env["smart.daily.report"].create({
            "user_id": rep.id, "date": fields.Date.today(),
            "line_ids": [Command.create({"partner_id": self.p_gold2.id, "kind": "visit", "purpose": "訪問"})],
        })
        report.with_user(rep).action_submit()
        visited = "[('kind', '=', 'visit'), ('date', '>=', (context_today() - relativedelta(days=30)).strftime('%Y-%m-%d'))]"
        manager_segment = self.env["smart.segment"].with_user(self.user_manager).create({
            "name": "訪問済み", "domain": f"[('id', 'in', {self.people.ids})]",
            "line_ids": [Command.create(self.line("smart.daily.report.line", "has", visited, link="partner_id"))]})
        self.assertMembers(manager_segment, self.p_gold2)
        # the marketer may not read the rep's reports: the same conditions find no one for them
        self.assertEqual(manager_segment.with_user(self.marketer)._search_partners(), self.env["res.partner"])
        # the stored summary serves the same question as a customer field
        self.assertMembers(self.segment("[('smart_last_visit_date', '>=', '%s')]" % fields.Date.today()),
                           self.p_gold2)

    def test_survey_answers(self):
        survey = self.env["survey.survey"].create({"title": "満足度調査"})
        question = self.env["survey.question"].create({
            "survey_id": survey.id, "title": "また来店したいですか", "question_type": "simple_choice",
            "suggested_answer_ids": [Command.create({"value": "はい"}), Command.create({"value": "いいえ"})]})
        yes, no = question.suggested_answer_ids
        for partner, answer in ((self.p_gold, yes), (self.p_silver, no)):
            user_input = self.env["survey.user_input"].create({"survey_id": survey.id, "partner_id": partner.id})
            self.env["survey.user_input.line"].create({
                "user_input_id": user_input.id, "question_id": question.id, "answer_type": "suggestion",
                "suggested_answer_id": answer.id})
        said_yes = f"[('survey_id', '=', {survey.id}), ('user_input_line_ids', 'any', [('suggested_answer_id', '=', {yes.id})])]"
        self.marketer.group_ids += self.env.ref("survey.group_survey_user")
        segment = self.segment(lines=[self.line("survey.user_input", "has", said_yes, link="partner_id")])
        self.assertMembers(segment, self.p_gold)

    def test_combinations(self):
        gold = self.segment("[('x_seg_test_rank.value', '=', 'gold')]", name="ゴールド")
        shibuya = self.segment("[('city', '=', '渋谷区')]", name="渋谷")
        self.assertMembers(self.segment(include_segment_ids=[Command.set((gold | shibuya).ids)]), self.p_gold)
        self.assertMembers(self.segment(include_segment_ids=[Command.link(gold.id)],
                                        exclude_segment_ids=[Command.link(shibuya.id)]), self.p_gold2)
        # A includes B includes A: refused, whichever way it closes
        outer = self.segment(include_segment_ids=[Command.link(gold.id)], name="外側")
        with self.assertRefused(ValidationError, "itself"):
            gold.write({"exclude_segment_ids": [Command.link(outer.id)]})
        self.env.invalidate_all()
        self.assertFalse(gold.exclude_segment_ids)

    def test_live_count_and_sample_as_conditions_change(self):
        form = Form(self.Segment)
        form.name = "ライブ"
        form.domain = f"[('id', 'in', {self.people.ids})]"
        self.assertEqual(form.partner_count, 4)
        form.domain = f"[('id', 'in', {self.people.ids}), ('x_seg_test_rank.value', '=', 'gold')]"
        self.assertEqual(form.partner_count, 2)
        self.assertEqual(set(form.sample_partner_ids.ids), set((self.p_gold | self.p_gold2).ids))
        # a condition being typed that does not fit its field shows why, and counts nobody
        form.domain = f"[('id', 'in', {self.people.ids}), ('create_date', '>', 'hier')]"
        self.assertEqual(form.partner_count, 0)
        self.assertTrue(form.condition_error)
        form.domain = f"[('id', 'in', {self.people.ids}), ('city', '=', '渋谷区')]"
        self.assertEqual((form.partner_count, form.condition_error), (2, False))
        segment = form.save()
        action = segment.action_view_partners()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.p_gold | self.p_silver)

    def test_live_count_and_sample_are_two_queries(self):
        segment = self.segment("[('x_seg_test_rank.value', '=', 'gold'), ('city', '=', '渋谷区')]")
        Segment = self.env["smart.segment"].with_user(self.marketer)
        domain = segment._get_partner_domain()
        Segment._count_and_sample(domain)  # rules and fields loaded once
        with self.assertQueryCount(2):  # the count, the sample
            count, sample = Segment._count_and_sample(domain)
        self.assertEqual((count, sample), (1, self.p_gold))
        many = self.segment()
        self.assertEqual(many.partner_count, 4)
        self.assertEqual(len(many.sample_partner_ids), 4)
        self.assertEqual(Segment._count_and_sample([("id", "in", [])]), (0, self.env["res.partner"]))
