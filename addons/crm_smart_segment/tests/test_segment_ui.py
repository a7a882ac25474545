import datetime

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSegmentUi(HttpCase):

    def test_marketer_builds_a_segment(self):
        """A marketer builds "会員ランク = ゴールド and card balance ≥ ¥5,000 and no visit in 60 days"
        with the live count and sample, then opens its customers."""
        rank = self.env.ref("crm_smart_data.smart_field_demo_member_rank", raise_if_not_found=False)
        if not rank:
            self.skipTest("needs the Smart CRM demo customer fields (会員ランク)")
        gold, silver = (rank.choice_ids.filtered(lambda c, v=value: c.value == v) for value in ("gold", "silver"))
        marketer = new_test_user(self.env, login="seg_tour_marketer", name="Marketer Ueda", lang="ja_JP",
                                 groups="crm_smart_base.group_smart_marketer,base.group_no_one")
        self.env["res.lang"]._activate_lang("ja_JP")
        program = self.env["valuecard.program"].create({"name": "ツアー カード", "number_prefix": "TR"})
        Partner = self.env["res.partner"]
        dormant = Partner.create({"name": "休眠 金子", "x_member_rank": gold.id})
        recent = Partner.create({"name": "来店 金沢", "x_member_rank": gold.id})
        silver_dormant = Partner.create({"name": "休眠 銀田", "x_member_rank": silver.id})
        poor = Partner.create({"name": "少額 金森", "x_member_rank": gold.id})
        for index, (partner, amount) in enumerate(((dormant, 6000), (recent, 6000), (silver_dormant, 6000),
                                                   (poor, 1000))):
            card = self.env["valuecard.card"].create({"program_id": program.id, "partner_id": partner.id})
            card.charge(amount=amount, reference=f"TOUR-{index}")
        long_ago = fields.Datetime.now() - datetime.timedelta(days=90)
        self.env.cr.execute("UPDATE res_partner SET valuecard_last_use = %s WHERE id = ANY(%s)",
                            [long_ago, [dormant.id, silver_dormant.id, poor.id]])
        self.env["res.partner"].invalidate_model()
        self.start_tour("/odoo?debug=1", "crm_smart_segment_tour", login=marketer.login)
        segment = self.env["smart.segment"].search([("name", "=", "休眠ゴールド会員")])
        self.assertEqual(segment.user_id, marketer)
        members = segment.with_user(marketer)._search_partners()
        self.assertIn(dormant, members)
        self.assertFalse(members & (recent | silver_dormant | poor))
