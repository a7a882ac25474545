import psycopg2

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.valuecard_card_ledger import POSTING
from .common import ValuecardCase


@tagged("post_install", "-at_install")
class TestIntegrity(ValuecardCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card.charge(amount=5000, reference="R-1")
        cls.card.pay(amount=700, reference="P-1")
        cls.card.earn_points(amount_spent=700, reference="S-1")
        cls.card.pay(amount=300, reference="P-2")
        cls.entries = cls.card.entry_ids.sorted("sequence")

    def problems(self):
        return self.Card.check_integrity([self.card.id])

    def test_clean_ledger_and_demo_data(self):
        self.assertEqual([e.sequence for e in self.entries], list(range(1, len(self.entries) + 1)))
        self.assertEqual(self.entries[0].prev_hash, "")
        for prev, entry in zip(self.entries, self.entries[1:]):
            self.assertEqual(entry.prev_hash, prev.hash)
        self.assertEqual(self.card.ledger_hash, self.entries[-1].hash)
        self.assertEqual(self.Card.check_integrity(), [], "the whole database, demo cards included, is sound")

    def test_orm_cannot_change_or_delete_entries(self):
        entry = self.entries[0]
        for env_entry in (entry, entry.sudo()):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                env_entry.write({"amount_paid": 9000})
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                env_entry.unlink()
        with self.assertRaisesRegex(UserError, "operations only"):
            self.Entry.sudo().create({"card_id": self.card.id})

    def test_orm_never_writes_entries_or_lots(self):
        """The posting path writes entries and lots with SQL: even server code
        holding the card's context marker cannot create them through the ORM."""
        posting = self.Entry.sudo().with_context(valuecard_posting=POSTING)
        with self.assertRaisesRegex(UserError, "operations only"):
            posting.create({"card_id": self.card.id, "company_id": self.company.id, "sequence": 99,
                            "date": fields.Datetime.now(), "kind": "charge", "reference": "X"})
        lots = self.card.lot_ids.sudo().with_context(valuecard_posting=POSTING)
        with self.assertRaisesRegex(UserError, "by the ledger only"):
            lots.write({"amount_remaining": 0})
        with self.assertRaisesRegex(UserError, "by the ledger only"):
            lots.create({"card_id": self.card.id, "company_id": self.company.id, "bucket": "paid",
                         "amount_initial": 5, "amount_remaining": 5})

    @mute_logger("odoo.sql_db")
    def test_database_refuses_update_and_delete(self):
        entry = self.entries[0]
        with self.assertRaises(psycopg2.Error), self.cr.savepoint():
            self.sql("UPDATE valuecard_entry SET amount_paid = 9000 WHERE id = %s", entry.id)
        with self.assertRaises(psycopg2.Error), self.cr.savepoint():
            self.sql("DELETE FROM valuecard_entry WHERE id = %s", entry.id)
        self.assertEqual(self.problems(), [])

    def test_detects_an_amount_changed_in_sql(self):
        self.unlock_ledger()
        self.sql("UPDATE valuecard_entry SET amount_paid = 9000 WHERE id = %s", self.entries[0].id)
        kinds = {(p["problem"], p["entry_id"] or p["lot_id"]) for p in self.problems()}
        self.assertIn(("entry", self.entries[0].id), kinds, "hash mismatch")
        self.assertIn(("balance", None), {(p["problem"], p["entry_id"]) for p in self.problems()})
        self.assertIn(("lot", self.entries[0].lot_id.id), kinds)
        message = next(p["message"] for p in self.problems() if p["entry_id"] == self.entries[0].id)
        self.assertIn("does not match its hash", message)

    def test_detects_a_resealed_entry(self):
        """Changing an entry and recomputing its own hash still breaks the chain."""
        self.unlock_ledger()
        entry = self.entries[1]
        self.sql("UPDATE valuecard_entry SET reference = 'FORGED' WHERE id = %s", entry.id)
        self.sql("UPDATE valuecard_entry e SET hash = encode(sha256(convert_to(%s, 'UTF8')), 'hex') WHERE id = %s",
                 self.Entry._sql_canonical("e"), entry.id)
        problems = self.problems()
        self.assertNotIn(entry.id, [p["entry_id"] for p in problems], "its own hash now matches")
        broken = next(p for p in problems if p["entry_id"] == self.entries[2].id)
        self.assertIn("not chained", broken["message"])

    def test_detects_a_deleted_entry(self):
        self.unlock_ledger()
        self.sql("DELETE FROM valuecard_entry WHERE id = %s", self.entries[-1].id)
        problems = {p["problem"] for p in self.problems()}
        self.assertEqual(problems, {"balance", "lot"})
        self.unlock_ledger()
        self.sql("DELETE FROM valuecard_entry WHERE id = %s", self.entries[2].id)
        messages = " ".join(p["message"] for p in self.problems())
        self.assertIn("an entry is missing before it", messages)

    def test_detects_balances_and_lots_changed_in_sql(self):
        self.sql("UPDATE valuecard_card SET balance_bonus = balance_bonus + 1000 WHERE id = %s", self.card.id)
        [problem] = self.problems()
        self.assertEqual(problem["problem"], "balance")
        self.sql("UPDATE valuecard_card SET balance_bonus = balance_bonus - 1000 WHERE id = %s", self.card.id)
        lot = self.card.lot_ids.filtered(lambda lot: lot.bucket == "paid")
        self.sql("UPDATE valuecard_lot SET amount_remaining = amount_remaining + 1 WHERE id = %s", lot.id)
        [problem] = self.problems()
        self.assertEqual((problem["problem"], problem["lot_id"]), ("lot", lot.id))

    def test_scheduled_check_reports_on_the_card(self):
        self.assertEqual(self.Card._cron_check_integrity(), [])
        self.sql("UPDATE valuecard_card SET points = 999 WHERE id = %s", self.card.id)
        with mute_logger("odoo.addons.crm_valuecard.models.valuecard_card"):
            problems = self.Card._cron_check_integrity()
        self.assertEqual([p["card_id"] for p in problems], [self.card.id])
        self.assertIn("The ledger check found", self.card.message_ids[:1].body)
        cron = self.env.ref("crm_valuecard.ir_cron_valuecard_integrity")
        self.assertTrue(cron.active)
