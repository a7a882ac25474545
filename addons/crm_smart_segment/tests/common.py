from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.crm_smart_data.tests.common_data import SmartDataCase


class SegmentCase(SmartDataCase):
    """Two marketers, customers with a member rank (a custom field), and a
    Smart CRM-like database of store visits linked to customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(cls.env, login="seg_marketer", name="Marketer Ueda",
                                     groups="crm_smart_base.group_smart_marketer")
        cls.marketer_other = new_test_user(cls.env, login="seg_marketer_2", name="Marketer Noda",
                                           groups="crm_smart_base.group_smart_marketer")
        cls.rank = cls.env["smart.field"].create({
            "label": "テスト会員ランク", "name": "x_seg_test_rank", "field_type": "selection", "indexed": True,
            "choice_ids": [Command.create({"label": label, "value": value, "sequence": index})
                           for index, (value, label) in enumerate([("gold", "ゴールド"), ("silver", "シルバー")])],
        })
        cls.gold, cls.silver = cls.rank.choice_ids.sorted("sequence")
        Partner = cls.env["res.partner"]
        cls.p_gold = Partner.create({"name": "金田 一郎", "city": "渋谷区", "x_seg_test_rank": cls.gold.id})
        cls.p_gold2 = Partner.create({"name": "金井 花子", "city": "大阪市", "x_seg_test_rank": cls.gold.id})
        cls.p_silver = Partner.create({"name": "銀山 次郎", "city": "渋谷区", "x_seg_test_rank": cls.silver.id})
        cls.p_none = Partner.create({"name": "無印 三郎", "city": "名古屋市"})
        cls.people = cls.p_gold | cls.p_gold2 | cls.p_silver | cls.p_none
        # the store visits database of the data tools' tests (managers), readable by every Smart CRM user
        cls.env["ir.model.access"].create({
            "name": "test segment visits user", "model_id": cls.visit_model.id,
            "group_id": cls.env.ref("crm_smart_base.group_smart_user").id, "perm_read": True,
        })
        cls.Segment = cls.env["smart.segment"].with_user(cls.marketer)

    @contextmanager
    def assertRefused(self, exception, text):
        """assertRaises (which rolls back, unlike assertRaisesRegex) that also checks the message."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertIn(text, str(catcher.exception))

    def segment(self, domain="[]", lines=(), **vals):
        """A segment of the marketer on the test customers only."""
        condition = f"[('id', 'in', {self.people.ids}), {domain[1:-1]}]"
        return self.Segment.create({
            "name": vals.pop("name", "テスト セグメント"), "domain": condition,
            "line_ids": [Command.create(line) for line in lines], **vals})

    def line(self, model_name, match="has", domain="[]", link="x_partner_id"):
        return {
            "match": match, "model_id": self.env["ir.model"]._get_id(model_name),
            "link_field_id": self.env["ir.model.fields"]._get(model_name, link).id, "domain": domain,
        }
