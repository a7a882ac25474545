from odoo.tests import tagged

from .common import ValuecardCase
from odoo.addons.crm_smart_base.tests.common import announced_customer_events


@tagged("post_install", "-at_install")
class TestCardIssuedEvent(ValuecardCase):
    """Issuing a card to a customer is announced once, for that customer (step mails start on it)."""

    def test_card_issued_to_a_customer(self):
        other = self.env["res.partner"].create({"name": "別の 顧客"})
        with announced_customer_events(self.env) as events:
            self.Card.create([{"program_id": self.program.id, "partner_id": self.customer.id},
                              {"program_id": self.program.id, "partner_id": other.id},
                              {"program_id": self.program.id}])
        self.assertEqual([(event, partners.ids) for event, partners in events],
                         [("card_issued", (self.customer | other).ids)])

    def test_card_handed_to_a_customer_later(self):
        card = self.Card.create({"program_id": self.program.id})
        other = self.env["res.partner"].create({"name": "別の 顧客"})
        with announced_customer_events(self.env) as events:
            card.write({"partner_id": self.customer.id})
            card.write({"partner_id": self.customer.id})  # the same holder: not again
            card.write({"partner_id": other.id})
            card.write({"partner_id": False})
        self.assertEqual([(event, partners) for event, partners in events],
                         [("card_issued", self.customer), ("card_issued", other)])

    def test_card_operations_are_no_issue(self):
        with announced_customer_events(self.env) as events:
            self.card.charge(5000, "EV-1")
            self.card.pay(1000, "EV-2")
        # (with the history installed, a payment may be a first visit: not a card issued)
        self.assertNotIn("card_issued", [event for event, _partners in events])
