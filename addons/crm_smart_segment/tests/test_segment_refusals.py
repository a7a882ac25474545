from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SegmentCase
from odoo.addons.crm_smart_data.tests.common_data import VISIT_MODEL


@tagged("post_install", "-at_install")
class TestSegmentRefusals(SegmentCase):
    """Conditions the user may not use are refused at save; a condition whose
    field disappears breaks its segment instead of widening it."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._reload_registry)

    def _reload_registry(self):
        if self.registry.registry_invalidated:
            self.registry._setup_models__(self.cr)
            self.registry.registry_invalidated = False

    def test_field_the_marketer_may_not_read(self):
        secret = self.env["smart.field"].create({
            "label": "年収", "name": "x_seg_test_income", "field_type": "integer",
            "group_ids": [Command.link(self.env.ref("crm_smart_base.group_smart_manager").id)]})
        with self.assertRefused(ValidationError, "年収"):
            self.segment("[('x_seg_test_income', '>', 10000000)]")
        segment = self.segment("[('city', '=', '渋谷区')]")
        with self.assertRefused(ValidationError, "年収"):
            segment.write({"domain": "[('x_seg_test_income', '>', 10000000)]"})
        self.assertEqual(segment.domain, f"[('id', 'in', {self.people.ids}), ('city', '=', '渋谷区')]")
        # through a path and through a related-record condition as well
        with self.assertRefused(ValidationError, "年収"):
            self.segment("[('parent_id.x_seg_test_income', '>', 1)]")
        # the manager may read it, so may use it
        manager_segment = self.env["smart.segment"].with_user(self.user_manager).create({
            "name": "高収入", "domain": "[('x_seg_test_income', '>', 10000000)]"})
        self.assertEqual(manager_segment.state, "valid")
        self.assertTrue(secret)

    def test_records_the_marketer_may_not_read(self):
        self.env["ir.model.access"].search([("name", "=", "test segment visits user")]).unlink()
        with self.assertRefused(ValidationError, "Store visits"):
            self.segment(lines=[self.line(VISIT_MODEL)])
        self.assertNotIn(VISIT_MODEL, self.env["smart.segment.line"].with_user(self.marketer)._allowed_models())

    def test_unknown_field_and_bad_domain(self):
        with self.assertRefused(ValidationError, "x_no_such_field"):
            self.segment("[('x_no_such_field', '=', 1)]")
        with self.assertRaises(ValidationError):
            self.Segment.create({"name": "壊れた式", "domain": "[('city', '=', __import__('os'))]"})

    def test_deleted_custom_field_breaks_the_segment(self):
        ranked = self.segment("[('x_seg_test_rank.value', '=', 'gold')]", name="ゴールド")
        outer = self.segment(include_segment_ids=[Command.link(ranked.id)], name="外側")
        other = self.segment("[('city', '=', '渋谷区')]", name="渋谷")
        self.assertEqual(ranked.partner_count, 2)
        self.rank.unlink()
        self.assertEqual((ranked.state, other.state), ("broken", "valid"))
        self.assertIn("テスト会員ランク", ranked.broken_reason)
        self.assertIn("x_seg_test_rank", ranked.broken_reason)
        # the count is refused, not widened to everyone
        ranked.invalidate_recordset()
        self.assertEqual(ranked.partner_count, 0)
        self.assertIn("broken", ranked.condition_error)
        with self.assertRefused(UserError, "broken"):
            ranked._get_partner_domain()
        with self.assertRefused(UserError, "broken"):
            outer._search_partners()
        self.assertEqual(other.partner_count, 2)
        # new conditions repair it
        ranked.domain = "[('city', '=', '大阪市')]"
        self.assertEqual((ranked.state, ranked.broken_reason, ranked.partner_count), ("valid", False, 1))

    def test_deleted_database_link_breaks_the_condition(self):
        segment = self.segment(lines=[self.line(VISIT_MODEL)])
        self.assertEqual(segment.partner_count, 0)
        self.Visit.create({"x_name": "来店", "x_partner_id": self.p_gold.id})
        segment.invalidate_recordset()
        self.assertEqual(segment.partner_count, 1)
        # the database loses its customer link (the link is set null in the database, as
        # ondelete="set null" does): the condition is kept, and refuses to count
        self.env.flush_all()
        self.env.cr.execute("UPDATE smart_segment_line SET link_field_id = NULL WHERE segment_id = %s",
                            [segment.id])
        self.env.invalidate_all()
        self.assertEqual(len(segment.line_ids), 1)
        self.assertEqual(segment.partner_count, 0)
        with self.assertRefused(UserError, "lost its records or its customer link"):
            segment._get_partner_domain()

    def test_workflow_fields_and_ownership(self):
        segment = self.segment("[('city', '=', '渋谷区')]")
        self.assertEqual(segment.user_id, self.marketer)
        with self.assertRefused(UserError, "state"):
            segment.write({"state": "broken", "broken_reason": "手で壊す"})
        with self.assertRefused(UserError, "managers"):
            segment.write({"user_id": self.marketer_other.id})
        # another marketer reads it but may not change it; a user reads only
        self.assertEqual(segment.with_user(self.marketer_other).partner_count, 2)
        with self.assertRaises(AccessError):
            segment.with_user(self.marketer_other).write({"name": "横取り"})
        with self.assertRaises(AccessError):
            self.env["smart.segment"].with_user(self.user_smart).create({"name": "担当者の"})
        self.assertTrue(segment.with_user(self.user_smart).name)
        # a manager may change any segment and give it to someone else
        segment.with_user(self.user_manager).write({"name": "渋谷の顧客", "user_id": self.marketer_other.id})
        self.assertEqual(segment.user_id, self.marketer_other)

    def test_other_company(self):
        company = self.env["res.company"].create({"name": "別会社"})
        segment = self.env["smart.segment"].create({"name": "別会社の", "company_id": company.id})
        self.assertFalse(self.env["smart.segment"].with_user(self.marketer).search([("id", "=", segment.id)]))
