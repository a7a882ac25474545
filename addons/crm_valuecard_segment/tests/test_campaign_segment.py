from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SegmentCardCase
from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestCampaignSegment(SegmentCardCase):
    """Value-card campaigns granted to the cards of a segment's customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Campaign = cls.env["valuecard.campaign"].with_user(cls.user_manager)

    def campaign(self, **vals):
        return self.Campaign.create({"program_id": self.program.id, "name": "ゴールド感謝祭", "points": 50, **vals})

    def test_grant_reaches_only_segment_holders(self):
        campaign = self.campaign(segment_id=self.segment.id)
        self.assertEqual(campaign.matching_card_count, 2)
        campaign.action_grant()
        self.assertEqual(campaign.state, "done")
        self.assertEqual(campaign.entry_ids.card_id, self.gold_cards)
        self.assertEqual(self.gold_cards.mapped("points"), [50, 50])
        self.assertEqual((self.other_card.points, self.card.points), (0, 0))
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            campaign.segment_id = False

    def test_segment_and_card_filter(self):
        self.gold_cards[0].charge(amount=5000, reference="R-1")
        campaign = self.campaign(segment_id=self.segment.id, domain="[('balance_paid', '>=', 5000)]")
        self.assertEqual(campaign.matching_card_count, 1)
        campaign.action_grant()
        self.assertEqual(campaign.entry_ids.card_id, self.gold_cards[0])

    def test_only_campaign_managers_set_the_segment(self):
        campaign = self.campaign()
        self.assertEqual(campaign.matching_card_count, 4, "no segment: every card of the program")
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_smart).segment_id = self.segment
        campaign.segment_id = self.segment
        self.assertEqual(campaign.matching_card_count, 2)

    def test_segment_of_a_campaign_cannot_be_deleted(self):
        self.campaign(segment_id=self.segment.id)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.segment.unlink()
        self.assertTrue(self.segment.exists())

    def test_broken_segment_refused(self):
        campaign = self.campaign(segment_id=self.segment.id)
        self.segment.sudo().write({"state": "broken", "broken_reason": "項目「会員ランク」が削除されました"})
        self.assertEqual(campaign.matching_card_count, 0)
        with self.assertRaisesRegex(UserError, "項目「会員ランク」が削除されました"):
            campaign.action_grant()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.entry_ids)

    def test_no_rpc_helpers(self):
        self.assertEqual(rpc_helpers(self.env, "crm_valuecard_segment"), [])
