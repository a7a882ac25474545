from odoo.exceptions import AccessError, UserError
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

    def test_refund_preview_shows_what_comes_back_to_each_balance(self):
        self.rule.active = True
        self.card_sato.charge(amount=5000, reference="C-1")  # paid 5,000 + bonus 100
        self.card_sato.pay(amount=1200, reference="P-1")  # bonus first: 100 bonus + 1,100 paid
        self.card_sato.earn_points(amount_spent=1200, reference="E-1")  # 12 points
        Card = self.env["valuecard.card"].with_user(self.user_terminal)
        card = Card.browse(self.card_sato.id)
        count = self.Entry.search_count([("card_id", "=", card.id)])
        preview = card.counter_refund_preview("P-1")
        self.assertEqual((preview["kind"], preview["reference"], preview["already_refunded"]),
                         ("payment", "P-1", False))
        self.assertEqual((preview["amount_paid"], preview["amount_bonus"], preview["points"]), (1100, 100, 0))
        self.assertEqual([(line["bucket"], line["display"]) for line in preview["lines"]],
                         [("paid", "+¥\u00a01,100"), ("bonus", "+¥\u00a0100")])
        points = card.counter_refund_preview("E-1")
        self.assertEqual([(line["bucket"], line["display"]) for line in points["lines"]],
                         [("points", "-12 points")])
        self.assertEqual(self.Entry.search_count([("card_id", "=", card.id)]), count, "a preview posts nothing")
        self.assertEqual((self.card_sato.balance_paid, self.card_sato.balance_bonus), (3900, 0))
        # what the preview showed is what the refund posts
        result = card.refund("P-1")
        self.assertEqual((result["balance_paid"], result["balance_bonus"]), (5000, 100))
        self.assertTrue(card.counter_refund_preview("P-1")["already_refunded"])

    def test_refund_preview_of_a_charge_and_refusals(self):
        self.rule.active = True
        self.card_suzuki.charge(amount=3000, reference="C-1")
        card = self.env["valuecard.card"].with_user(self.user_terminal).browse(self.card_suzuki.id)
        preview = card.counter_refund_preview("C-1")
        self.assertEqual((preview["amount_paid"], preview["amount_bonus"]), (-3000, -100))
        self.assertEqual([line["display"] for line in preview["lines"]], ["-¥\u00a03,000", "-¥\u00a0100"])
        with self.assertRaisesRegex(UserError, "no operation with reference NOPE"):
            card.counter_refund_preview("NOPE")
        self.card_suzuki.pay(amount=500, reference="P-1")
        with self.assertRaisesRegex(UserError, "already spent part of the value of operation C-1"):
            card.counter_refund_preview("C-1")
        outsider = new_test_user(self.env, login="vc_outsider", name="Outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            card.with_user(outsider).counter_refund_preview("P-1")

    def test_charge_preview_shows_the_best_rule_bonus(self):
        card = self.env["valuecard.card"].with_user(self.user_terminal).browse(self.card_sato.id)
        self.assertEqual(card.counter_charge_preview(5000),
                         {"amount": 5000, "bonus": 0, "total": 5000, "rule_name": "",
                          "message": "¥\u00a05,000 charged, no bonus rule applies to this amount."})
        self.rule.active = True
        self.env["valuecard.rule"].create({
            "program_id": self.program.id, "name": "5,000円以上で10%", "min_amount": 5000, "bonus_percent": 10,
        })
        self.assertEqual(card.counter_charge_preview(999)["bonus"], 0, "below every rule's minimum")
        small = card.counter_charge_preview(1000)
        self.assertEqual((small["bonus"], small["total"], small["rule_name"]), (100, 1100, self.rule.name))
        large = card.counter_charge_preview(6420)
        self.assertEqual((large["bonus"], large["total"], large["rule_name"]), (642, 7062, "5,000円以上で10%"))
        self.assertEqual(large["message"],
                         "¥\u00a06,420 charged, ¥\u00a0642 bonus (5,000円以上で10%): ¥\u00a07,062 added to the card.")
        # the preview is what the charge then posts, and it posted nothing itself
        self.assertFalse(self.card_sato.entry_ids)
        result = card.charge(6420, "C-1")
        self.assertEqual((result["balance_paid"], result["balance_bonus"]), (6420, 642))
        for amount in (0, -5, 10.5, "abc"):
            with self.subTest(amount=amount), self.assertRaises(UserError):
                card.counter_charge_preview(amount)
