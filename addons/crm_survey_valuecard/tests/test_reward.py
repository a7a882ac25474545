from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SurveyRewardCase
from odoo.addons.crm_smart_base.tests.common import rpc_helpers


@tagged("post_install", "-at_install")
class TestSurveyReward(SurveyRewardCase):

    def test_points_granted_once(self):
        first = self.complete(self.customer)
        self.complete(self.customer)       # the same customer answers again
        first._mark_done()                 # and the first response is submitted again
        self.assertEqual(self.card.points, 100)
        entries = self.reward_entries(self.card)
        self.assertEqual(len(entries), 1)
        self.assertEqual((entries.kind, entries.points), ("points_earned", 100))
        self.assertIn("来店アンケート", entries.reason)
        grant = self.Grant.search([("survey_id", "=", self.survey.id)])
        self.assertEqual((grant.partner_id, grant.card_id, grant.amount, grant.user_input_id),
                         (self.customer, self.card, 100, first))
        self.assertEqual((self.survey.reward_granted_count, self.survey.reward_granted_total), (1, 100))
        self.assertIn("来店アンケート", self.card.message_ids[0].body)
        self.assertEqual(self.Card.check_integrity(self.card.ids), [])

    def test_ledger_posts_the_reference_once(self):
        """The ledger's own replay: the reward's reference posted again on the card posts nothing."""
        first = self.card._post_survey_reward(self.survey, f"survey:{self.survey.id}:{self.customer.id}")
        again = self.card._post_survey_reward(self.survey, f"survey:{self.survey.id}:{self.customer.id}")
        self.assertFalse(first["replayed"])
        self.assertTrue(again["replayed"])
        self.assertEqual(again["entry_ids"], first["entry_ids"])
        self.assertEqual(self.card.points, 100)

    def test_bonus_value(self):
        self.survey.write({"reward_kind": "bonus", "reward_amount": 300})
        self.complete(self.customer)
        self.assertEqual((self.card.balance_bonus, self.card.balance_paid, self.card.points), (300, 0, 0))
        entry = self.reward_entries(self.card)
        self.assertEqual((entry.kind, entry.amount_bonus), ("bonus", 300))
        self.assertTrue(entry.expiry_date, "bonus value expires as the program says")

    def test_budget_cap(self):
        self.survey.reward_budget = 250
        partners = self.env["res.partner"].create([{"name": f"回答者 {i}"} for i in range(3)])
        cards = self.Card.create([{"program_id": self.program.id, "partner_id": p.id} for p in partners])
        for partner in partners:
            self.complete(partner)
        self.assertEqual(cards.mapped("points"), [100, 100, 0])
        self.assertEqual((self.survey.reward_granted_count, self.survey.reward_granted_total), (2, 200))

    def test_without_card(self):
        partner = self.env["res.partner"].create({"name": "カード なし"})
        self.complete(partner)
        self.assertFalse(self.Card.search([("partner_id", "=", partner.id)]), "skip: no card, no reward")
        self.assertEqual(self.survey.reward_granted_count, 0)
        self.survey.reward_without_card = "issue"
        self.complete(partner)
        card = self.Card.search([("partner_id", "=", partner.id)])
        self.assertEqual((len(card), card.program_id, card.points), (1, self.program, 100))
        self.assertTrue(self.Grant.search([("partner_id", "=", partner.id)]).card_issued)

    def test_no_reward_for_anonymous_test_entries_or_no_reward(self):
        self.complete(False)
        self.complete(self.customer, test_entry=True)
        plain = self.env["survey.survey"].create({"title": "特典なし"})
        self.complete(self.customer, survey=plain)
        self.assertEqual(self.card.points, 0)
        self.assertFalse(self.Grant.search([]))

    def test_card_that_cannot_take_the_reward(self):
        """A suspended card: the answers are kept, nothing is granted."""
        self.card.action_suspend()
        user_input = self.complete(self.customer)
        self.assertEqual(user_input.state, "done")
        self.assertEqual(self.survey.reward_granted_count, 0)

    def test_reward_without_program_refused(self):
        survey = self.env["survey.survey"].create({"title": "未設定"})
        with self.assertRaises(ValidationError) as caught:
            survey.write({"reward_kind": "points", "reward_amount": 100})
        self.assertIn("needs a value-card program", str(caught.exception))
        survey.invalidate_recordset()
        self.assertEqual((survey.reward_kind, survey.reward_amount), ("none", 0))
        with self.assertRaises(ValidationError) as caught:
            survey.write({"reward_kind": "bonus", "reward_amount": 0, "reward_program_id": self.program.id})
        self.assertIn("between 1 and", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            survey.reward_budget = -1
        self.assertIn("budget cannot be negative", str(caught.exception))

    def test_reserved_reference(self):
        card = self.card.with_user(self.user_terminal)
        with self.assertRaisesRegex(UserError, "survey rewards"):
            card.charge(1000, f"survey:{self.survey.id}:{self.customer.id}")
        with self.assertRaisesRegex(UserError, "survey rewards"):
            card.charge(1000, "SURVEY:1:1")
        self.assertEqual(card.balance_paid, 0)

    def test_grants_are_read_only(self):
        self.complete(self.customer)
        grant = self.Grant.search([])
        with self.assertRaises(UserError):
            grant.amount = 10000
        marketer_grant = grant.with_user(self.user_manager)
        self.assertEqual(marketer_grant.amount, 100)
        with self.assertRaises(UserError):
            marketer_grant.write({"amount": 1})

    def test_reward_grants_action(self):
        self.complete(self.customer)
        action = self.survey.action_open_reward_grants()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]).partner_id, self.customer)

    def test_only_actions_are_public(self):
        self.assertEqual(rpc_helpers(self.env, "crm_survey_valuecard"), [])
