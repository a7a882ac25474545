import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from psycopg2 import errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

COUNTERS = 4
RETRIES = 20


@tagged("post_install", "-at_install")
class TestCouponConcurrency(TransactionCase):
    """One coupon redeemed at the same moment from several database
    connections (several counters on several Odoo workers), each transaction
    retried on serialisation failures as Odoo's HTTP layer retries a request.
    The data is committed, so it is created and removed outside the test
    transaction."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["valuecard.program"].create({"name": "クーポン同時利用", "number_prefix": "CQ"})
            partner = env["res.partner"].create({"name": "同時 利用者"})
            card = env["valuecard.card"].create({"program_id": program.id, "partner_id": partner.id})
            card.charge(10000, "C-1")
            coupon = env["valuecard.coupon"].create({
                "name": "同時利用クーポン", "partner_id": partner.id, "discount_value": 500,
                "date_to": fields.Date.today() + timedelta(days=1)})
            self.code = coupon.code
        self.program_id, self.partner_id, self.card_id, self.coupon_id = program.id, partner.id, card.id, coupon.id
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(SQL("DELETE FROM valuecard_coupon WHERE id = %s", self.coupon_id))
            # the ledger refuses deletes in the database; these entries exist for this test only
            cr.execute(SQL("ALTER TABLE valuecard_entry DISABLE TRIGGER valuecard_entry_immutable"))
            cr.execute(SQL("DELETE FROM valuecard_entry WHERE card_id = %s", self.card_id))
            cr.execute(SQL("ALTER TABLE valuecard_entry ENABLE TRIGGER valuecard_entry_immutable"))
            if "smart.visit" in env:
                # the visits recorded for the payment where customer history is installed
                cr.execute(SQL("DELETE FROM smart_visit WHERE partner_id = %s", self.partner_id))
            env["valuecard.card"].browse(self.card_id).unlink()
            env["valuecard.program"].browse(self.program_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def test_coupon_redeemed_once_by_counters_racing(self):
        envs = [api.Environment(self.registry.cursor(), SUPERUSER_ID, {}) for _counter in range(COUNTERS)]
        barrier = threading.Barrier(COUNTERS)
        paid, refused, failures = [], [], []

        def counter(env, index):
            waited = False
            for _attempt in range(RETRIES):
                try:
                    card = env["valuecard.card"].browse(self.card_id)
                    # every counter reads the coupon before any has used it
                    coupon = env["valuecard.coupon"].browse(self.coupon_id)
                    coupon.state  # noqa: B018 - the read that opens the transaction's snapshot
                    if not waited:
                        waited = True
                        barrier.wait(timeout=30)
                    result = card.pay_with_coupon(2000, self.code, f"R-{index}")
                    env.cr.commit()
                    paid.append(result)
                    return
                except (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable):
                    env.cr.rollback()
                    env.invalidate_all()
                except UserError as exc:
                    env.cr.rollback()
                    refused.append(str(exc))
                    return
                except Exception as exc:  # noqa: BLE001 - reported by the test below
                    env.cr.rollback()
                    failures.append(repr(exc))
                    return
            failures.append(f"gave up after {RETRIES} attempts")

        try:
            with ThreadPoolExecutor(COUNTERS) as pool:
                list(pool.map(counter, envs, range(COUNTERS), timeout=120))
        finally:
            for env in envs:
                env.cr.close()
        self.assertEqual(failures, [])
        self.assertEqual(len(paid), 1, "one counter redeems the coupon")
        self.assertEqual(len(refused), COUNTERS - 1)
        self.assertTrue(all("was already used on" in message for message in refused), refused)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            card = env["valuecard.card"].browse(self.card_id)
            coupon = env["valuecard.coupon"].browse(self.coupon_id)
            payments = env["valuecard.entry"].search([("card_id", "=", card.id), ("kind", "=", "payment")])
            self.assertEqual((card.balance_paid, len(payments), payments.amount_paid), (8500, 1, -1500))
            self.assertEqual((coupon.state, coupon.redeemed_entry_id, coupon.redeemed_reference),
                             ("redeemed", payments, paid[0]["reference"]))
            self.assertEqual(card.check_integrity([card.id]), [])
