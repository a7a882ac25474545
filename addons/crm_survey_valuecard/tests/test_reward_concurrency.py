import threading

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

THREADS = 6
RETRIES = 20


@tagged("post_install", "-at_install")
class TestRewardConcurrency(TransactionCase):
    """Completed responses submitted at the same time from several database
    connections (as several Odoo workers would), each transaction retried on
    serialisation failures as Odoo's HTTP layer retries a request. The data
    is committed, so it is created and removed outside the test transaction."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env["valuecard.program"].create({"name": "同時実行テスト", "number_prefix": "CC"})
            partners = env["res.partner"].create([{"name": f"同時 回答者{i}"} for i in range(THREADS)])
            survey = env["survey.survey"].create({
                "title": "同時実行アンケート", "reward_kind": "points", "reward_amount": 100,
                "reward_program_id": program.id, "reward_without_card": "issue",
            })
        self.program_id, self.partner_ids, self.survey_id = program.id, partners.ids, survey.id
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cards = env["valuecard.card"].search([("program_id", "=", self.program_id)])
            env["survey.survey"].browse(self.survey_id).unlink()
            # the ledger refuses deletes in the database; these entries exist for this test only
            cr.execute(SQL("ALTER TABLE valuecard_entry DISABLE TRIGGER valuecard_entry_immutable"))
            cr.execute(SQL("DELETE FROM valuecard_entry WHERE card_id = ANY(%s)", cards.ids))
            cr.execute(SQL("ALTER TABLE valuecard_entry ENABLE TRIGGER valuecard_entry_immutable"))
            cards.unlink()
            env["valuecard.program"].browse(self.program_id).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _submit_concurrently(self, partner_ids):
        """One thread per partner id, each with its own connection: create a
        response, wait for the others, complete it and commit; on a
        serialisation failure roll back and start again, as Odoo retries a
        request. (Environments are made here: a thread cannot open the
        registry while the test runner holds it.)"""
        envs = [api.Environment(self.registry.cursor(), SUPERUSER_ID, {}) for _partner in partner_ids]
        barrier = threading.Barrier(len(partner_ids))
        outcome, failures = [], []

        def submit(env, partner_id):
            waited = False
            for _attempt in range(RETRIES):
                try:
                    user_input = env["survey.user_input"].create(
                        {"survey_id": self.survey_id, "partner_id": partner_id})
                    env.flush_all()
                    if not waited:
                        waited = True
                        barrier.wait(timeout=30)
                    user_input._mark_done()
                    env.cr.commit()
                    outcome.append(partner_id)
                    return
                except (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable):
                    env.cr.rollback()
                except Exception as exc:  # noqa: BLE001 - reported by the test below
                    env.cr.rollback()
                    failures.append(repr(exc))
                    return
            failures.append(f"gave up after {RETRIES} attempts")

        threads = [threading.Thread(target=submit, args=(env, partner_id))
                   for env, partner_id in zip(envs, partner_ids)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        finally:
            for env in envs:
                env.cr.close()
        self.assertEqual(failures, [])
        self.assertEqual(len(outcome), len(partner_ids), "every response was completed")

    def _state(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            grants = env["survey.reward.grant"].search([("survey_id", "=", self.survey_id)])
            cards = env["valuecard.card"].search([("program_id", "=", self.program_id)])
            entries = env["valuecard.entry"].search([("card_id", "in", cards.ids)])
            problems = cards.check_integrity(cards.ids)
            responses = env["survey.user_input"].search_count(
                [("survey_id", "=", self.survey_id), ("state", "=", "done")])
            return {
                "grants": sorted(grants.mapped("partner_id").ids), "granted": sum(grants.mapped("amount")),
                "cards": len(cards), "points": sum(cards.mapped("points")), "entries": len(entries),
                "problems": problems, "responses": responses,
            }

    def test_same_customer_on_several_connections(self):
        """One customer submitting again and again on several workers: one card, one reward."""
        customer = self.partner_ids[0]
        self._submit_concurrently([customer] * THREADS)
        self.assertEqual(self._state(), {
            "grants": [customer], "granted": 100, "cards": 1, "points": 100, "entries": 1,
            "problems": [], "responses": THREADS,
        })

    def test_budget_on_several_connections(self):
        """Six customers at once on a budget for three: exactly three rewards."""
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["survey.survey"].browse(self.survey_id).reward_budget = 300
        self._submit_concurrently(self.partner_ids)
        state = self._state()
        self.assertEqual(len(state["grants"]), 3)
        self.assertEqual((state["granted"], state["points"], state["entries"], state["cards"], state["problems"]),
                         (300, 300, 3, 3, []))
