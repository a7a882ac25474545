import base64
import hashlib
import hmac
import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import config, mute_logger

from .common import ValuecardCase

KEY = "anchor-key-of-the-tests-0123456789abcdef"
ANCHOR_LOGGER = "odoo.addons.crm_valuecard.models.valuecard_anchor"


@tagged("post_install", "-at_install")
class TestAnchor(ValuecardCase):
    """The ledger anchored outside the database: someone who rewrites rows
    and their hashes in SQL, trigger disabled, is caught by the anchors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card.charge(amount=5000, reference="R-1")
        cls.card.pay(amount=700, reference="P-1")
        cls.other = cls.Card.create({"program_id": cls.program.id, "partner_id": cls.customer.id})
        cls.other.charge(amount=1000, reference="R-1")
        cls.Anchor = cls.env["valuecard.anchor"]

    def setUp(self):
        super().setUp()
        self.set_key(KEY)

    def set_key(self, key):
        self.startPatcher(patch.dict(config.options, {"valuecard_anchor_key": key}))

    def anchor(self):
        [anchor] = self.Anchor._cron_anchor().filtered(lambda a: a.company_id == self.company)
        return anchor

    def content(self, anchor):
        return base64.b64decode(anchor.file)

    def anchor_problems(self, cards=None):
        return [p for p in self.Card.check_integrity(cards.ids if cards else None) if p["problem"] == "anchor"]

    def rewrite_history(self, card, extra):
        """Give ``card`` ``extra`` yen more on its first charge, as a forger
        would: amounts, running balances, lot, card and every hash redone."""
        entries = card.entry_ids.sorted("sequence")
        charge = entries[0]
        self.unlock_ledger()
        self.sql("UPDATE valuecard_entry SET amount_paid = amount_paid + %s WHERE id = %s", extra, charge.id)
        self.sql("UPDATE valuecard_entry SET balance_paid_after = balance_paid_after + %s WHERE card_id = %s",
                 extra, card.id)
        self.sql("UPDATE valuecard_lot SET amount_initial = amount_initial + %s, "
                 "amount_remaining = amount_remaining + %s WHERE id = %s", extra, extra, charge.lot_id.id)
        for entry in entries:
            self.sql("""UPDATE valuecard_entry e
                           SET prev_hash = COALESCE((SELECT p.hash FROM valuecard_entry p
                                                      WHERE p.card_id = e.card_id AND p.sequence = e.sequence - 1), '')
                         WHERE id = %s""", entry.id)
            self.sql("UPDATE valuecard_entry e SET hash = encode(sha256(convert_to(%s, 'UTF8')), 'hex') WHERE id = %s",
                     self.Entry._sql_canonical("e"), entry.id)
        self.sql("""UPDATE valuecard_card c SET balance_paid = balance_paid + %s,
                           ledger_hash = (SELECT hash FROM valuecard_entry WHERE id = %s) WHERE id = %s""",
                 extra, entries[-1].id, card.id)

    def test_anchor_signs_every_card_last_hash(self):
        anchor = self.anchor()
        content = self.content(anchor)
        data = json.loads(content)
        self.assertEqual((anchor.state, data["company_id"]), ("signed", self.company.id))
        self.assertEqual(anchor.signature, hmac.new(KEY.encode(), content, hashlib.sha256).hexdigest())
        self.assertEqual(anchor.digest, hashlib.sha256(content).hexdigest())
        lines = {line["card_id"]: line for line in data["cards"]}
        self.assertEqual(anchor.card_count, len(lines))
        for card in (self.card, self.other):
            last = card.entry_ids.sorted("sequence")[-1]
            self.assertEqual((lines[card.id]["entry_id"], lines[card.id]["sequence"], lines[card.id]["hash"]),
                             (last.id, last.sequence, last.hash))
        self.assertNotIn(KEY, content.decode())
        self.assertEqual(self.Card.check_integrity(), [], "the whole database, demo cards included, is sound")
        # the next anchor follows this one
        self.assertEqual(json.loads(self.content(self.anchor()))["previous_signature"], anchor.signature)
        self.assertEqual(self.Card.check_integrity(), [])

    def test_rewritten_history_with_recomputed_hashes_is_reported(self):
        anchor = self.anchor()
        date = json.loads(self.content(anchor))["date"]
        self.card.pay(amount=100, reference="P-2")  # after the anchor: the chain goes on
        self.assertEqual(self.Card.check_integrity(), [])
        self.rewrite_history(self.card, 45000)
        self.assertEqual(self.card.balance_paid, 4300 + 45000)
        self.assertEqual(self.Entry.sudo()._integrity_problems(card_ids=[self.card.id]), [],
                         "the forgery fools every check made inside the database")
        [problem] = self.anchor_problems()
        self.assertEqual(problem["card_id"], self.card.id)
        self.assertIn(self.card.number, problem["message"])
        self.assertIn(date, problem["message"])
        self.assertIn("rewritten", problem["message"])
        self.assertEqual(self.anchor_problems(self.other), [], "the other card is sound")

    def test_deleted_history_is_reported(self):
        anchor = self.anchor()
        date = json.loads(self.content(anchor))["date"]
        self.unlock_ledger()
        self.sql("DELETE FROM valuecard_lot WHERE card_id = %s", self.other.id)
        self.sql("DELETE FROM valuecard_entry WHERE card_id = %s", self.other.id)
        self.sql("UPDATE valuecard_card SET balance_paid = 0, balance_bonus = 0, ledger_sequence = 0, "
                 "ledger_hash = NULL WHERE id = %s", self.other.id)
        self.assertEqual(self.Entry.sudo()._integrity_problems(card_ids=[self.other.id]), [])
        [problem] = self.anchor_problems(self.other)
        self.assertIn("no longer exists", problem["message"])
        self.assertIn(self.other.number, problem["message"])
        self.assertIn(date, problem["message"])

    def test_tampered_anchor_is_reported(self):
        anchor = self.anchor()
        content = self.content(anchor)
        forged = content.replace(self.card.entry_ids.sorted("sequence")[-1].hash.encode(), b"0" * 64)
        anchor.sudo().write({"file": base64.b64encode(forged)})
        [problem] = self.anchor_problems()
        self.assertIn("does not match its signature", problem["message"])
        self.assertIsNone(problem["card_id"])
        anchor.sudo().write({"file": base64.b64encode(content)})
        self.assertEqual(self.anchor_problems(), [])
        self.sql("UPDATE valuecard_anchor SET signature = %s WHERE id = %s",
                 hmac.new(b"a key of the forger", content, hashlib.sha256).hexdigest(), anchor.id)
        self.assertIn("does not match its signature", self.anchor_problems()[0]["message"])

    def test_forger_cannot_sign_or_remove_anchors(self):
        first, second = self.anchor(), self.anchor()
        self.rewrite_history(self.card, 1000)
        # an anchor made without the server's key does not pass
        with patch.dict(config.options, {"valuecard_anchor_key": "the forger's own key"}):
            self.anchor()
        problems = self.anchor_problems()
        self.assertTrue(any("does not match its signature" in p["message"] for p in problems))
        self.assertTrue(any(p["card_id"] == self.card.id for p in problems), "the rewrite is still reported")
        # removing an anchor from the series shows
        self.sql("DELETE FROM valuecard_anchor WHERE id > %s", second.id)
        self.sql("DELETE FROM valuecard_anchor WHERE id = %s", first.id)
        self.assertTrue(any("does not follow the anchor before it" in p["message"] for p in self.anchor_problems()))

    def test_missing_key_is_said_clearly(self):
        self.set_key("")
        self.assertEqual(self.Card.check_integrity(), [], "no anchor, nothing to verify")
        with mute_logger(ANCHOR_LOGGER):
            anchor = self.anchor()
        self.assertEqual((anchor.state, anchor.signature), ("unsigned", False))
        self.assertIn("not configured", anchor.note)
        [problem] = self.Card.check_integrity([self.card.id])
        self.assertEqual(problem["problem"], "anchor")
        self.assertIn("Ledger anchors are not configured", problem["message"])
        self.assertIn("valuecard_anchor_key", problem["message"])
        with self.assertRaisesRegex(UserError, "not configured"):
            self.Anchor.with_user(self.user_admin).action_anchor_now()
        # once the key is set, the unsigned anchors are no longer a problem
        self.set_key(KEY)
        self.assertEqual(self.Card.check_integrity(), [])

    def test_anchors_are_read_only_and_the_managers(self):
        anchor = self.anchor()
        self.assertEqual(self.Anchor.with_user(self.user_manager).search([]), anchor)
        self.assertTrue(anchor.with_user(self.user_manager).file)
        for user in (self.user_terminal, self.user_smart):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                anchor.with_user(user).read(["signature"])
        for user in (self.user_manager, self.user_admin):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    anchor.with_user(user).write({"signature": "0" * 64})
                with self.assertRaises(AccessError):
                    anchor.with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "anchoring job only"):
                    self.Anchor.with_user(user).create({"company_id": self.company.id, "state": "signed"})
        with self.assertRaisesRegex(UserError, "anchoring job only"):
            self.Anchor.sudo().create({"company_id": self.company.id, "state": "signed"})
        with self.assertRaises(AccessError):
            self.Anchor.with_user(self.user_manager).action_anchor_now()
        self.Anchor.with_user(self.user_admin).action_anchor_now()
        self.assertEqual(self.Anchor.search_count([("company_id", "=", self.company.id)]), 2)

    def test_anchors_stay_in_their_company(self):
        company_b = self.env["res.company"].create({"name": "支店 株式会社", "currency_id": self.env.ref("base.JPY").id})
        program_b = self.env["valuecard.program"].create({
            "name": "支店カード", "number_prefix": "BR", "company_id": company_b.id})
        card_b = self.Card.create({"program_id": program_b.id})
        card_b.charge(amount=1000, reference="B-1")
        anchors = self.Anchor._cron_anchor()
        self.assertIn(company_b, anchors.company_id)
        self.assertEqual(self.Anchor.with_user(self.user_manager).search([]).company_id, self.company)
