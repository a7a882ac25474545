from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KanaCase


@tagged("post_install", "-at_install")
class TestPartnerKana(KanaCase):

    def test_readings_stored_in_katakana(self):
        self.assertEqual((self.yamazaki | self.aoki | self.inoue).mapped("name_kana"),
                         ["ヤマザキ タロウ", "アオキ イチロウ", "イノウエ ミサキ"])
        self.yamazaki.name_kana = "ﾔﾏｻﾞｷ  ｺｰﾋｰ"
        self.assertEqual(self.yamazaki.name_kana, "ヤマザキ コーヒー")
        self.yamazaki.name_kana = "\u3000"
        self.assertFalse(self.yamazaki.name_kana, "a blank reading is no reading")

    def test_reading_that_is_not_kana_refused(self):
        for reading in ("山田 太郎", "Yamada", "ヤマダ1"):
            with self.subTest(reading=reading):
                with self.assertRaisesRegex(ValidationError, "is not a reading in kana for Furigana"):
                    self.aoki.name_kana = reading
                with self.assertRaisesRegex(ValidationError, "write it in katakana or hiragana"):
                    self.Partner.create({"name": "新規", "name_kana": reading})
        self.assertEqual(self.aoki.name_kana, "アオキ イチロウ", "the reading is left as it was")
        self.assertFalse(self.Partner.search_count([("name", "=", "新規")]))
        with self.assertRaisesRegex(ValidationError, "「山田」は フリガナ のフリガナとして正しくありません"):
            self.aoki.with_context(lang="ja_JP").name_kana = "山田"

    def test_form_shows_the_reading_under_the_name(self):
        arch = etree.fromstring(self.Partner.get_view(self.env.ref("base.view_partner_form").id)["arch"])
        heading = arch.xpath("//h1[field[@name='name']]")[0]
        self.assertEqual(heading.getnext().get("name"), "name_kana")
        with Form(self.Partner) as form:
            form.name = "森 花子"
            form.name_kana = "もり はなこ"
            self.assertEqual(form.name_kana, "モリ ハナコ", "normalised as it is typed")
        self.assertEqual(self.Partner.search([("name", "=", "森 花子")]).name_kana, "モリ ハナコ")

    def test_search_by_reading_in_hiragana_or_katakana(self):
        Partner = self.Partner.with_user(self.user_smart)
        for term in ("やまざき", "ヤマザキ", "ﾔﾏｻﾞｷ", "やまざき　たろう"):
            with self.subTest(term=term):
                self.assertEqual(Partner.search([("name_kana_search", "ilike", term)]), self.yamazaki)
                self.assertIn(self.yamazaki.id, [pid for pid, _name in Partner.name_search(term)])
        self.assertFalse(Partner.search([("name_kana_search", "ilike", "やまもと")]))
        arch = self.Partner.get_view(self.env.ref("base.view_res_partner_filter").id, "search")["arch"]
        self.assertIn('name="name_kana_search"', arch)

    def test_customer_lists_in_kana_order(self):
        action = self.env.ref("crm_smart_base.res_partner_action_customers")
        views = {view.view_mode: view.view_id.id for view in action.view_ids}
        people = self.yamazaki | self.aoki | self.inoue | self.unread
        for mode in ("list", "kanban"):
            with self.subTest(mode=mode):
                arch = etree.fromstring(self.Partner.get_view(views[mode], mode)["arch"])
                order = arch.get("default_order")
                self.assertEqual(order, "name_kana, complete_name")
                found = self.Partner.search([("id", "in", people.ids)], order=order)
                self.assertEqual(found, self.aoki | self.inoue | self.yamazaki | self.unread,
                                 "あいうえお順, customers without a reading last")
        self.assertIn("name_kana", self.Partner.get_view(views["list"], "list")["arch"])

    def test_demo_customers_have_readings(self):
        self.assertEqual(self.env.ref("crm_smart_base.res_partner_demo_yamada").name_kana, "ヤマダ タロウ")
        self.assertEqual(self.env.ref("crm_smart_base.res_partner_demo_sakura_foods").name_kana, "サクラフーズ")
