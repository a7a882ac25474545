from odoo.addons.crm_valuecard.tests.common import ValuecardCase


class ValuecardHistoryCase(ValuecardCase):
    """The value-card fixtures, a charged card, and the visits of its payments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Visit = cls.env["smart.visit"]
        cls.card.charge(20000, "C-1")

    def card_visits(self, card=None):
        return self.Visit.search([("card_id", "=", (card or self.card).id)], order="id")
