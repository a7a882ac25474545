import threading
from contextlib import contextmanager

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, mute_logger

WORKERS = 2
CUSTOMERS = 40


@tagged("post_install", "-at_install")
class TestStepMailWorkers(BaseCase):
    """Two workers run the step-mail job at the same moment on the same due
    steps, each in its own database transaction: every step goes out once.

    The data is committed (the workers must see it) and removed afterwards."""

    @contextmanager
    def _env(self):
        """An environment on a connection of its own, as a worker has: not the
        test's cursor. Commits on success."""
        with db_connect(get_db_name()).cursor() as cr:
            # the registry is given, not looked up: the test runner holds the lookup lock
            cr.transaction = Transaction(self.registry)
            yield api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self._env() as env:
            partners = env["res.partner"].create([{
                "name": f"並行 顧客{index}", "email": f"parallel{index}@example.jp",
            } for index in range(CUSTOMERS)])
            env["smart.consent"]._record(partners, "given", "counter", wording="同意します")
            sequence = env["smart.step.sequence"].create({
                "name": "並行テスト",
                "trigger": "segment",
                "partner_domain": repr([("id", "in", partners.ids)]),
                "step_ids": [(0, 0, {"name": "ようこそ", "wait_days": 0}),
                             (0, 0, {"name": "翌週", "wait_days": 7})],
            })
            sequence.action_start()
            self.partner_ids = partners.ids
            self.sequence_id = sequence.id
            self.mailing_ids = sequence.step_ids.mailing_id.ids
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._env() as env:
            env["mail.mail"].search([("mailing_id", "in", self.mailing_ids)]).unlink()
            env["mailing.trace"].search([("mass_mailing_id", "in", self.mailing_ids)]).unlink()
            sequence = env["smart.step.sequence"].browse(self.sequence_id)
            sequence.enrolment_ids.unlink()
            mailings = sequence.step_ids.mailing_id
            sequence.unlink()
            mailings.unlink()
            partners = env["res.partner"].browse(self.partner_ids)
            env["mailing.contact"].search([("smart_partner_id", "in", partners.ids)]).unlink()
            partners.unlink()

    def test_two_workers_send_each_step_once(self):
        barrier = threading.Barrier(WORKERS)
        locked = []
        errors = []

        def worker():
            try:
                with self._env() as env:
                    cr = env.cr
                    barrier.wait(timeout=30)
                    # small batches, so that the workers interleave on the same due rows
                    retries = 0
                    while True:
                        try:
                            count = env["smart.step.enrolment"]._process_due(5)
                            # each batch is one transaction of the worker, as in the scheduled job
                            cr.commit()  # pylint: disable=invalid-commit
                        except SerializationFailure:
                            # a concurrent update of a shared row (Email Marketing's
                            # link tracker, say): the batch is rolled back and run
                            # again, as Odoo runs a scheduled job again
                            cr.rollback()
                            env.invalidate_all()
                            retries += 1
                            if retries > 20:
                                raise
                            continue
                        if not count:
                            break
                        locked.append(count)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)

        threads = [threading.Thread(target=worker, daemon=True) for _index in range(WORKERS)]
        # the serialisation failures the workers retry are logged by the cursor as failed queries
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(errors)
        self.assertEqual(sum(locked), CUSTOMERS)
        with self._env() as env:
            cr = env.cr
            cr.execute(SQL("""
                SELECT e.partner_id, count(s.id)
                  FROM smart_step_enrolment e
             LEFT JOIN smart_step_send s ON s.enrolment_id = e.id
                 WHERE e.sequence_id = %s
              GROUP BY e.partner_id
            """, self.sequence_id))
            sends = dict(cr.fetchall())
            cr.execute(SQL("""
                SELECT res_id, count(*)
                  FROM mailing_trace
                 WHERE mass_mailing_id = %s
              GROUP BY res_id
            """, self.mailing_ids[0]))
            traces = dict(cr.fetchall())
        self.assertEqual(sends, dict.fromkeys(self.partner_ids, 1))
        self.assertEqual(traces, dict.fromkeys(self.partner_ids, 1))
