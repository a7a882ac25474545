import base64
import hashlib
import random

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_data import VISIT_MODEL, SmartDataCase


@tagged("at_install", "-post_install")
class TestSmartDraw(SmartDataCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visits = cls.Visit.create([{"x_name": f"来店者 {i}", "x_amount": i} for i in range(1, 41)])

    def new_draw(self, **vals):
        return self.env["smart.draw"].with_user(self.user_manager).create({
            "name": "春の抽選会", "model_id": self.visit_model.id, "winner_count": 5, **vals})

    def test_same_seed_same_data_same_winners(self):
        with self.allowed(VISIT_MODEL):
            draw = self.new_draw(domain="[('x_amount', '>', 10)]")
            draw.action_draw()
            action = draw.action_reproduce()
            again = self.env["smart.draw"].browse(action["res_id"])
            check = draw.check_reproduction()
        winners = draw.winner_ids.sorted("rank").mapped("res_id")
        self.assertEqual(len(winners), 5)
        self.assertEqual(len(set(winners)), 5)
        self.assertTrue(set(winners) <= set(self.visits.filtered(lambda v: v.x_amount > 10).ids))
        self.assertEqual(again.winner_ids.sorted("rank").mapped("res_id"), winners)
        self.assertEqual((again.seed, again.reproduced_draw_id), (draw.seed, draw))
        self.assertTrue(check["identical"] and check["same_data"])
        self.assertEqual(draw.candidate_count, 30)
        self.assertTrue(draw.seed.isdigit())

    def test_filter_relative_to_today(self):
        """A draw's filter may hold dates relative to today, as the domain editor writes them."""
        with self.allowed(VISIT_MODEL):
            draw = self.new_draw(
                domain="[('create_date', '>=', (context_today() - relativedelta(days=1)).strftime('%Y-%m-%d')),"
                       " ('x_amount', '<=', 10)]")
            draw.action_draw()
        self.assertEqual(draw.candidate_count, 10)
        self.assertEqual(len(draw.winner_ids), 5)

    def test_draw_follows_the_published_algorithm(self):
        with self.allowed(VISIT_MODEL):
            draw = self.new_draw(domain="[('x_amount', '>', 10)]", winner_count=7)
            draw.action_draw()
        ids = sorted(self.visits.filtered(lambda v: v.x_amount > 10).ids)
        self.assertEqual(draw.winner_ids.sorted("rank").mapped("res_id"), random.Random(int(draw.seed)).sample(ids, 7))
        self.assertEqual(draw.candidate_fingerprint, hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest())

    def test_reproduction_detects_changed_data(self):
        with self.allowed(VISIT_MODEL):
            draw = self.new_draw()
            draw.action_draw()
            self.Visit.create({"x_name": "後から来た人", "x_amount": 99})
            check = draw.check_reproduction()
            draw.action_check_reproduction()
        self.assertFalse(check["same_data"])
        self.assertEqual(check["candidate_count"], 41)

    def test_exclude_earlier_winners(self):
        with self.allowed(VISIT_MODEL):
            first = self.new_draw(winner_count=20)
            first.action_draw()
            second = self.new_draw(winner_count=20, exclude_previous=True)
            second.action_draw()
            third = self.new_draw(winner_count=1, exclude_previous=True)
            with self.assertRaises(UserError, msg="everyone has won already"):
                third.action_draw()
            reproduced = second.check_reproduction()
        first_ids = set(first.winner_ids.mapped("res_id"))
        second_ids = set(second.winner_ids.mapped("res_id"))
        self.assertFalse(first_ids & second_ids)
        self.assertEqual(second.excluded_draw_ids, first)
        self.assertTrue(reproduced["identical"])

    def test_done_draw_is_frozen_and_inputs_checked(self):
        with self.allowed(VISIT_MODEL):
            draw = self.new_draw()
            draw.action_draw()
            with self.assertRaises(UserError):
                draw.winner_count = 3
            with self.assertRaises(UserError):
                draw.action_draw()
            with self.assertRaises(ValidationError):
                self.new_draw(domain="[('no_such_field', '=', 1)]")
            with self.assertRaises(UserError):
                self.new_draw().action_draw(seed="42")
            with self.assertRaises(UserError, msg="more winners than candidates"):
                self.new_draw(winner_count=41).action_draw()

    def test_only_managers_draw(self):
        with self.allowed(VISIT_MODEL), self.assertRaises(AccessError):
            self.env["smart.draw"].with_user(self.user_smart).create({
                "name": "x", "model_id": self.visit_model.id})

    def test_tag_and_export_customer_winners(self):
        partners = self.env["res.partner"].create([{"name": f"抽選 顧客{i}", "ref": "DRAWTEST"} for i in range(6)])
        draw = self.env["smart.draw"].create({
            "name": "VIPプレゼント", "model_id": self.env["ir.model"]._get("res.partner").id,
            "domain": "[('ref', '=', 'DRAWTEST')]", "winner_count": 2})
        draw.action_draw()
        draw.action_tag_winners()
        tagged_partners = partners.filtered(lambda p: "VIPプレゼント" in p.category_id.mapped("name"))
        self.assertEqual(set(tagged_partners.ids), set(draw.winner_ids.mapped("res_id")))
        action = draw.action_export_winners()
        download = self.env["smart.file.download"].search([], order="id desc", limit=1)
        self.assertIn(str(download.id), action["url"])
        sheet = self.read_xlsx(base64.b64decode(download.file)).active
        self.assertEqual(sheet.max_row, 3)

    def test_seed_and_outcome_cannot_be_chosen(self):
        """A manager cannot pick the seed (and so the winners) nor write an outcome."""
        with self.allowed(VISIT_MODEL):
            draw = self.new_draw()
            with self.assertRaisesRegex(UserError, "secure random source"):
                draw.action_draw(seed="20261123")
            for vals in ({"seed": "20261123"}, {"state": "done"}, {"candidate_count": 1},
                         {"reproduced_draw_id": draw.id}):
                with self.assertRaisesRegex(UserError, "cannot be set"):
                    draw.write(vals)
                with self.assertRaisesRegex(UserError, "cannot be set"):
                    self.new_draw(**vals)
            draw.action_draw()
            seeds = {draw.seed}
            for _i in range(3):
                other = self.new_draw()
                other.action_draw()
                seeds.add(other.seed)
        self.assertEqual(len(seeds), 4, "every draw gets its own random seed")
        self.assertTrue(all(int(seed) < 2 ** 63 for seed in seeds))

    def test_reproduction_excludes_the_same_earlier_winners(self):
        with self.allowed(VISIT_MODEL):
            first = self.new_draw(winner_count=10)
            first.action_draw()
            second = self.new_draw(winner_count=10, exclude_previous=True)
            second.action_draw()
            third = self.new_draw(winner_count=5)
            third.action_draw()
            again = self.env["smart.draw"].browse(second.action_reproduce()["res_id"])
        self.assertEqual(again.excluded_draw_ids, second.excluded_draw_ids)
        self.assertEqual(again.winner_ids.sorted("rank").mapped("res_id"),
                         second.winner_ids.sorted("rank").mapped("res_id"))
