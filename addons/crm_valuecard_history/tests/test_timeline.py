from odoo.tests import tagged

from .common import ValuecardHistoryCase


@tagged("post_install", "-at_install")
class TestValuecardTimeline(ValuecardHistoryCase):

    def test_card_movements_on_the_customer(self):
        self.card.with_user(self.user_terminal).pay(1280, "R-1", terminal="本店 レジ1")
        events = self.customer._smart_timeline_events(50)
        kinds = [event["kind"] for event in events]
        # the charge of the fixtures, with its bonus; the payment shows once, as its visit
        self.assertIn("Value Card: Charge", kinds)
        self.assertNotIn("Value Card: Payment", kinds)
        self.assertEqual(kinds.count("Visit"), 1)
        charge = next(event for event in events if event["kind"] == "Value Card: Charge")
        self.assertEqual(charge["title"], f"{self.card.display_name} +¥\u00a020,000")
        html = str(self.customer.with_user(self.user_manager).smart_timeline_html)
        self.assertIn("+¥\u00a020,000", html)
        self.assertIn("本店 レジ1: ¥\u00a01,280", html)
