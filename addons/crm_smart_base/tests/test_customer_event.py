from odoo.tests import tagged

from .common import SmartCrmCase


@tagged("post_install", "-at_install")
class TestCustomerEvent(SmartCrmCase):

    def test_known_events_only(self):
        self.assertTrue(self.customer._smart_customer_event("card_issued"))
        self.assertTrue(self.env["res.partner"]._smart_customer_event("first_visit"))
        with self.assertRaises(ValueError):
            self.customer._smart_customer_event("card_isued")
        # nothing else listens to a made-up event
        self.assertFalse(self.env["res.partner"]._smart_customer_event_wanted("no_such_event"))
