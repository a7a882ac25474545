from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestPartnerSummary(ValuecardCase):
    """The customer's card balance, points, last use and lifetime charge move
    with every posting and match what the ledger says."""

    def summary(self, partner=None):
        partner = partner or self.customer
        return (partner.valuecard_balance, partner.valuecard_points, bool(partner.valuecard_last_use),
                partner.valuecard_lifetime_charge)

    def test_postings_move_the_summary(self):
        self.assertEqual(self.summary(), (0, 0, False, 0))
        second = self.new_card()
        self.card.charge(amount=5000, reference="R-1")  # + ¥100 bonus
        second.charge(amount=2000, reference="R-2")  # + ¥100 bonus
        self.card.earn_points(amount_spent=3000, reference="S-1")
        second.pay(amount=700, reference="P-1")
        self.assertEqual(self.summary(), (5100 + 2100 - 700, 30, True, 7000))
        # a refunded charge is no longer charged; a refunded payment is no charge
        second.refund("P-1")
        self.card.refund("R-1")
        self.assertEqual(self.summary(), (2100, 30, True, 2000))
        # the same figures from scratch
        self.customer._valuecard_refresh_summary()
        self.assertEqual(self.summary(), (2100, 30, True, 2000))

    def test_last_use_never_goes_back(self):
        """A posting that applies after a later one of another card of the
        customer (READ COMMITTED: it waited for the other's commit) keeps the
        later use, as the recomputation from the ledger (MAX) would."""
        self.card.charge(amount=1000, reference="R-1")
        later = fields.Datetime.now() + timedelta(minutes=5)
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET valuecard_last_use = %s WHERE id = %s",
                            [later, self.customer.id])
        self.customer.invalidate_recordset(["valuecard_last_use"])
        self.new_card().charge(amount=500, reference="R-2")
        self.assertEqual(self.customer.valuecard_last_use, later)

    def test_a_grant_is_no_use(self):
        campaign = self.env["valuecard.campaign"].create({
            "name": "春のキャンペーン", "program_id": self.program.id, "amount": 500})
        self.card._grant_campaign(campaign)
        self.assertEqual(self.summary(), (500, 0, False, 0))

    def test_card_changes_hands(self):
        other = self.env["res.partner"].create({"name": "別の 顧客"})
        self.card.charge(amount=1000, reference="R-1")
        self.card.partner_id = other
        self.assertEqual(self.summary(), (0, 0, False, 0))
        self.assertEqual(self.summary(other), (1100, 0, True, 1000))

    def test_summary_is_searchable_and_kept_by_the_ledger(self):
        self.card.charge(amount=5000, reference="R-1")
        Partner = self.env["res.partner"].with_user(self.user_smart)
        self.assertIn(self.customer, Partner.search([("valuecard_balance", ">=", 5000)]))
        with self.assertRaisesRegex(UserError, "card ledger"):
            self.customer.write({"valuecard_balance": 99999})
        self.assertEqual(self.customer.valuecard_balance, 5100)
        # Smart CRM users only: an employee outside Smart CRM may not read them
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_employee).read(["valuecard_balance"])

    def test_install_fills_the_summary(self):
        self.card.charge(amount=3000, reference="R-1")
        self.env.cr.execute("UPDATE res_partner SET valuecard_balance = 0, valuecard_lifetime_charge = 0, "
                            "valuecard_last_use = NULL WHERE id = %s", [self.customer.id])
        self.env["res.partner"].invalidate_model()
        self.env["res.partner"]._valuecard_refresh_all_summaries()
        self.assertEqual(self.summary(), (3100, 0, True, 3000))
        # no customers, nothing recomputed (not everyone)
        self.env.cr.execute("UPDATE res_partner SET valuecard_balance = 1 WHERE id = %s", [self.customer.id])
        self.env["res.partner"].invalidate_model()
        self.env["res.partner"]._valuecard_refresh_summary()
        self.Card.create({"program_id": self.program.id}).write({"partner_id": False})
        self.assertEqual(self.customer.valuecard_balance, 1)

    def test_portal_user_cannot_read(self):
        portal = new_test_user(self.env, login="vc_portal_summary", groups="base.group_portal")
        with self.assertRaises(AccessError):
            portal.partner_id.with_user(portal).read(["valuecard_points"])
