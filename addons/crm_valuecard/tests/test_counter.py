from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ValuecardCase


class ValuecardFrontCase(ValuecardCase):
    """Member card, counter and receipt fixtures: two portal customers with a
    card each, on the shared program with its charge rule switched off so that
    amounts are easy to follow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.lang = "en_US"
        cls.rule.active = False
        cls.user_sato = new_test_user(cls.env, login="vc_sato", name="佐藤 花子", groups="base.group_portal",
                                      lang="en_US")
        cls.user_suzuki = new_test_user(cls.env, login="vc_suzuki", name="鈴木 一郎", groups="base.group_portal",
                                        lang="en_US")
        cls.card_sato = cls._new_card(cls.user_sato.partner_id)
        cls.card_suzuki = cls._new_card(cls.user_suzuki.partner_id)

    @classmethod
    def _new_card(cls, partner):
        return cls.env["valuecard.card"].create({"program_id": cls.program.id, "partner_id": partner.id})


@tagged("post_install", "-at_install")
class TestCounter(ValuecardFrontCase):

    def test_lookup_by_number_and_by_member_token(self):
        self.card_sato.charge(amount=3000, reference="C-1")
        Card = self.env["valuecard.card"].with_user(self.user_terminal)
        for code in (self.card_sato.number, " %s " % self.card_sato.number, self.card_sato._get_member_token()):
            info = Card.counter_lookup(code)
            self.assertEqual(info["id"], self.card_sato.id)
            self.assertEqual(info["partner_name"], "佐藤 花子")
            self.assertEqual(
                (info["balance_paid"], info["balance_bonus"], info["points"], info["state"]),
                (3000, 0, 0, "active"),
            )
            self.assertEqual([e["kind"] for e in info["entries"]], ["charge"])

    def test_lookup_refuses_unknown_codes(self):
        Card = self.env["valuecard.card"].with_user(self.user_terminal)
        number = self.card_sato.number
        wrong_check_digit = number[:-1] + str((int(number[-1]) + 1) % 10)
        for code in ("", "   ", wrong_check_digit, number + "0", "not-a-card"):
            with self.subTest(code=code), self.assertRaises(UserError):
                Card.counter_lookup(code)

    def test_entries_offer_refund_until_refunded(self):
        self.card_sato.charge(amount=5000, reference="C-1")
        self.card_sato.pay(amount=1200, reference="P-1")
        entries = self.card_sato.counter_card_info()["entries"]
        self.assertEqual([(e["kind"], e["refundable"]) for e in entries], [("payment", True), ("charge", True)])
        self.card_sato.refund(reference="P-1")
        info = self.card_sato.counter_card_info()
        self.assertEqual(
            [(e["kind"], e["refundable"]) for e in info["entries"]],
            [("refund", False), ("payment", False), ("charge", True)],
        )
        self.assertEqual(info["balance_paid"], 5000)

    def test_alerts(self):
        self.assertFalse(self.card_sato.counter_card_info()["alerts"])
        self.program.bonus_validity_days = 10
        self.rule.active = True
        self.card_sato.charge(amount=1000, reference="C-1")
        alerts = self.card_sato.counter_card_info()["alerts"]
        self.assertEqual([a["type"] for a in alerts], ["info"], "the bonus expires within 30 days")
        self.assertIn("100", alerts[0]["message"])
        self.card_sato.action_suspend()
        alerts = self.card_sato.counter_card_info()["alerts"]
        self.assertEqual([a["type"] for a in alerts], ["danger", "info"])
        self.assertIn("Suspended", alerts[0]["message"])
