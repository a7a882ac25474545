from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestCampaigns(ValuecardCase):

    def test_grant_to_matching_cards_with_own_expiry(self):
        rich = self.new_card()
        rich.charge(amount=10000, reference="R-1")
        blocked = self.new_card()
        blocked.charge(amount=10000, reference="R-1")
        blocked.action_suspend()
        expiry = fields.Date.today() + timedelta(days=30)
        campaign = self.env["valuecard.campaign"].create({
            "program_id": self.program.id, "name": "周年記念", "amount": 500, "points": 20,
            "expiry_date": expiry, "domain": "[('balance_paid', '>=', 5000)]",
        })
        self.assertEqual(campaign.matching_card_count, 1)
        campaign.action_grant()
        self.assertEqual(campaign.state, "done")
        self.assertEqual((rich.balance_bonus, rich.points), (600, 20))
        self.assertEqual((blocked.balance_bonus, self.card.balance_bonus), (100, 0))
        self.assertEqual((campaign.granted_card_count, campaign.granted_amount, campaign.granted_points),
                         (1, 500, 20))
        grant = campaign.entry_ids
        self.assertEqual(set(grant.mapped("kind")), {"campaign"})
        self.assertEqual(set(grant.lot_id.mapped("expiry_date")), {expiry})
        with self.assertRaisesRegex(UserError, "already been granted"):
            campaign.action_grant()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            campaign.amount = 1000
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            campaign.unlink()
        # granted twice to the same card posts once (idempotent reference)
        self.assertTrue(rich._grant_campaign(campaign)["replayed"])
        with freeze_time(expiry + timedelta(days=1)):
            self.Card._cron_expire()
        self.assertEqual((rich.balance_bonus, rich.points), (100, 0))
        self.assertIntegrity(rich)

    def test_campaign_value_is_spent_before_later_expiring_value(self):
        self.card.charge(amount=1000, reference="R-1")
        campaign = self.env["valuecard.campaign"].create({
            "program_id": self.program.id, "name": "週末", "amount": 300,
            "expiry_date": fields.Date.today() + timedelta(days=7),
        })
        campaign.action_grant()
        self.company.valuecard_spend_order = "paid_first"
        res = self.card.pay(amount=350, reference="P-1")
        self.assertEqual((res["balance_paid"], res["balance_bonus"]), (1000, 50), "the campaign value expires first, then the bonus")

    def test_invalid_campaigns(self):
        Campaign = self.env["valuecard.campaign"]
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            Campaign.create({"program_id": self.program.id, "name": "空"})
        with self.assertRaises(UserError):
            Campaign.create({"program_id": self.program.id, "name": "x", "amount": 1,
                             "domain": "[('nope'"}).action_grant()
