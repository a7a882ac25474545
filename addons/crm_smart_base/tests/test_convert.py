import datetime
from unittest.mock import patch

import pytz

from odoo.tests import BaseCase, tagged

from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.convert import ConvertError


@tagged("at_install", "-post_install")
class TestConvert(BaseCase):
    """The conversion rules alone, without a database."""

    def assertRefused(self, function, *args, **kwargs):
        with self.assertRaises(ConvertError) as caught:
            function(*args, **kwargs)
        return caught.exception

    def assertMessages(self, function, messages):
        """Each raw value of ``messages`` is refused by ``function`` with its message."""
        for raw, message in messages.items():
            with self.subTest(raw=raw):
                self.assertEqual(str(self.assertRefused(function, raw)), message)

    def test_text(self):
        self.assertEqual(convert.to_text("\u3000山田\u3000太郎 "), "山田 太郎")
        self.assertEqual(convert.to_text(12.0), "12")
        self.assertEqual(convert.to_text(datetime.date(2024, 4, 1)), "2024-04-01")
        self.assertEqual(convert.to_text("x" * 5, size=5), "xxxxx")
        error = self.assertRefused(convert.to_text, "x" * 6, size=5)
        self.assertEqual(str(error), "longer than 5 characters")
        self.assertEqual(convert.check_size("山田\u3000太郎", 5), "山田\u3000太郎")
        self.assertEqual(convert.check_size("x" * 300), "x" * 300)
        self.assertRefused(convert.check_size, "x" * 6, 5)

    def test_integer(self):
        cases = {
            "42": 42, "１２３": 123, "1,234": 1234, "１，２３４": 1234, "\u300012\u3000": 12, "-7": -7,
            "¥1,000": 1000, "1000円": 1000, "3.0": 3, 5: 5, 6.0: 6, "2147483647": 2147483647,
            "-2147483648": -2147483648,
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_integer(raw), expected)
                self.assertIs(type(convert.to_integer(raw)), int)
        for raw in ("twelve", "", "1.5", True, "inf", "nan", float("inf"), "2147483648", -2**31 - 1,
                    "99999999999999999999"):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_integer, raw)
        self.assertEqual(str(self.assertRefused(convert.to_integer, "2147483648")), "2147483648 is too large")
        self.assertEqual(str(self.assertRefused(convert.to_integer, "1.5")), "1.5 is not a whole number")
        self.assertEqual(str(self.assertRefused(convert.to_integer, "abc")), "abc is not a number")

    def test_decimal_and_money(self):
        cases = {"3.14": 3.14, "１２．５": 12.5, "1,234.5": 1234.5, "-0.5": -0.5, "1e3": 1000.0, 7: 7.0,
                 "¥ 1,000": 1000.0}
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_decimal(raw), expected)
                self.assertEqual(convert.to_money(raw), expected)
        for raw in ("1.2.3", "inf", "-Infinity", "nan", float("nan"), False, "円"):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_decimal, raw)

    def test_number_columns(self):
        self.assertTrue(convert.INTEGER_COLUMN_RE.fullmatch("1\n-20\n999999999\n"))
        self.assertFalse(convert.INTEGER_COLUMN_RE.fullmatch("2147483648\n"), "beyond int4 it takes the slow path")
        self.assertFalse(convert.INTEGER_COLUMN_RE.fullmatch("007\n"))
        self.assertTrue(convert.DECIMAL_COLUMN_RE.fullmatch("1.5\n-2\n3e10\n"))
        self.assertFalse(convert.DECIMAL_COLUMN_RE.fullmatch("1e999\n"), "an infinite value takes the slow path")

    def test_yes_no(self):
        for raw in (True, 1, 2.5, "1", "Yes", "ＹＥＳ", " y ", "true", "on", "x", "○", "〇", "はい", "有", "あり", "済"):
            with self.subTest(raw=raw):
                self.assertIs(convert.to_bool(raw), True)
        for raw in (False, 0, "0", "No", "n", "FALSE", "off", "", "×", "いいえ", "無", "なし", "未"):
            with self.subTest(raw=raw):
                self.assertIs(convert.to_bool(raw), False)
        self.assertEqual(str(self.assertRefused(convert.to_bool, "maybe")), "maybe is not yes or no")

    def test_date(self):
        expected = datetime.date(2024, 4, 1)
        for raw in ("2024-04-01", "2024/4/1", "２０２４／４／１", "2024.4.1", "2024年4月1日", "2024 年 4 月 1 日",
                    "令和6年4月1日", "R6.4.1", "R6/4/1", datetime.datetime(2024, 4, 1, 23, 59), expected):
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_date(raw), expected)
        eras = {
            "明治45年7月29日": datetime.date(1912, 7, 29),
            "大正元年7月30日": datetime.date(1912, 7, 30),
            "昭和64年1月7日": datetime.date(1989, 1, 7),
            "平成元年1月8日": datetime.date(1989, 1, 8),
            "H31.4.30": datetime.date(2019, 4, 30),
            "令和元年5月1日": datetime.date(2019, 5, 1),
            "S50/1/2": datetime.date(1975, 1, 2),
        }
        for raw, date in eras.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_date(raw), date)
        for raw in ("2024-13-45", "2024-02-30", "tomorrow", "04/01/2024", "令和", "X6.4.1", ""):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_date, raw)

    def test_impossible_dates_say_they_do_not_exist(self):
        for raw in ("2024年2月30日", "2024-02-30", "令和6年2月30日"):
            with self.subTest(raw=raw):
                self.assertEqual(str(self.assertRefused(convert.to_date, raw)), f"{raw} is a date that does not exist")
        error = self.assertRefused(convert.to_date, "2024年2月30日")
        self.assertEqual(error.message._translate("ja_JP"), "2024年2月30日 は存在しない日付です")
        self.assertIn("does not exist", str(self.assertRefused(convert.to_datetime, "2024年2月30日 10:00")))

    def test_era_dates_outside_their_era(self):
        messages = {
            "平成31年5月1日": "平成31年5月1日 is a date that does not exist: 平成 ended on 平成31年4月30日 (2019-04-30); "
                         "that day is 令和元年5月1日 (2019-05-01).",
            "昭和64年1月10日": "昭和64年1月10日 is a date that does not exist: 昭和 ended on 昭和64年1月7日 (1989-01-07); "
                          "that day is 平成元年1月10日 (1989-01-10).",
            "R1.4.30": "R1.4.30 is a date that does not exist: 令和 began on 令和元年5月1日 (2019-05-01); "
                       "that day is 平成31年4月30日 (2019-04-30).",
            "明治0年5月1日": "明治0年5月1日 is a date that does not exist: 明治 began on 明治元年1月1日 (1868-01-01).",
        }
        self.assertMessages(convert.to_date, messages)
        self.assertEqual(self.assertRefused(convert.to_date, "平成31年5月1日").message._translate("ja_JP"),
                         "平成31年5月1日 は存在しない日付です。平成は平成31年4月30日（2019-04-30）で終わり、"
                         "この日は令和元年5月1日（2019-05-01）です。")
        # the day an emperor died belongs to both eras
        for raw, date in (("明治45年7月30日", datetime.date(1912, 7, 30)), ("大正元年7月30日", datetime.date(1912, 7, 30)),
                          ("大正15年12月25日", datetime.date(1926, 12, 25)),
                          ("昭和元年12月25日", datetime.date(1926, 12, 25))):
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_date(raw), date)
        for raw in ("大正元年7月29日", "大正15年12月26日", "平成元年1月7日", "S64.1.8"):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_date, raw)
        self.assertEqual(convert.era_date(datetime.date(2019, 5, 1)), "令和元年5月1日")
        self.assertEqual(convert.era_date(datetime.date(2024, 4, 1)), "令和6年4月1日")

    def test_numbers_with_counter_words(self):
        for raw, expected in {"５人": 5, "3回": 3, "1,200円": 1200, "10 個": 10, "７件": 7, "-2人": -2}.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_integer(raw), expected)
        self.assertEqual(convert.to_decimal("2.5人"), 2.5)
        words = "one of 人、回、円、個、件"
        self.assertMessages(convert.to_integer, {
            "5kg": f"“5kg” is not a number: a number may be followed only by {words}, not by “kg”.",
            "5人分": f"“5人分” is not a number: a number may be followed only by {words}, not by “人分”.",
            "約5人": f"“約5人” is not a number: write the number first, followed at most by {words}.",
            "1.5人": "1.5人 is not a whole number",
            "人": "人 is not a number",
        })

    def test_datetime(self):
        self.assertEqual(convert.to_datetime("2024-04-01 10:30"), datetime.datetime(2024, 4, 1, 10, 30))
        self.assertEqual(convert.to_datetime("2024-04-01T10:30:15"), datetime.datetime(2024, 4, 1, 10, 30, 15))
        self.assertEqual(convert.to_datetime("2024/4/1"), datetime.datetime(2024, 4, 1))
        self.assertEqual(convert.to_datetime("令和6年4月1日 9時05分"), datetime.datetime(2024, 4, 1, 9, 5))
        self.assertEqual(convert.to_datetime("2024年4月1日 9時05分30秒"), datetime.datetime(2024, 4, 1, 9, 5, 30))
        # values are in the given zone, stored in UTC
        for tz in ("Asia/Tokyo", pytz.timezone("Asia/Tokyo")):
            with self.subTest(tz=tz):
                self.assertEqual(convert.to_datetime("2024-04-01 09:00", tz), datetime.datetime(2024, 4, 1))
                self.assertEqual(convert.to_datetime(datetime.datetime(2024, 4, 1, 9), tz),
                                 datetime.datetime(2024, 4, 1))
        self.assertEqual(convert.to_datetime("2024-07-01 12:00", "Europe/Paris"), datetime.datetime(2024, 7, 1, 10))
        self.assertEqual(convert.to_datetime("2024-04-01 09:00", "Nowhere/Unknown"), datetime.datetime(2024, 4, 1, 9))
        aware = pytz.utc.localize(datetime.datetime(2024, 4, 1, 9))
        self.assertEqual(convert.to_datetime(aware, "Asia/Tokyo"), datetime.datetime(2024, 4, 1, 9))
        for raw in ("tomorrow", "2024-04-01 25:00", "2024-04-01 noon", "2024-02-30 10:00"):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_datetime, raw)

    def test_email(self):
        self.assertEqual(convert.to_email(" Hanako@Example.JP "), "hanako@example.jp")
        self.assertEqual(convert.to_email("ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ"), "hanako@example.jp")
        for raw in ("not-an-email", "a@b@c", "Hanako <hanako@example.jp>", "a@example.jp, b@example.jp"):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_email, raw, label="Email")
        error = self.assertRefused(convert.to_email, "nope", label="Work email")
        self.assertEqual(str(error), "“nope” is not a valid email address for Work email.")

    def test_phone(self):
        cases = {"090-1234-5678": "+819012345678", "０９０－１２３４－５６７８": "+819012345678",
                 "03 1234 5678": "+81312345678", "+81 3 1234 5678": "+81312345678", "+33 6 12 34 56 78": "+33612345678"}
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_phone(raw), expected)
        self.assertEqual(convert.to_phone("06 12 34 56 78", region="FR"), "+33612345678")
        for raw in ("123", "090-1234", "phone", ""):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_phone, raw)
        self.assertEqual(str(self.assertRefused(convert.to_phone, "12", label="Mobile")),
                         "“12” is not a valid phone number for Mobile.")
        # without a label (an upload names the column beside the message), no field is repeated
        self.assertEqual(str(self.assertRefused(convert.to_phone, "12")), "“12” is not a valid phone number.")
        self.assertEqual(str(self.assertRefused(convert.to_email, "nope")), "“nope” is not a valid email address.")
        self.assertEqual(str(self.assertRefused(convert.to_url, "a b")), "“a b” is not a valid URL.")
        self.assertEqual(convert.phone_national("+819012345678"), "090-1234-5678")
        self.assertEqual(convert.phone_national("+33612345678"), "+33 6 12 34 56 78")
        self.assertEqual(convert.phone_national("+33612345678", region="FR"), "06 12 34 56 78")
        self.assertEqual(convert.phone_national(""), "")
        self.assertEqual(convert.phone_national("garbage"), "garbage")
        # numbers of the home country code are built without the parser: the same text as the parser's
        self.assertEqual(convert.phone_national("+81312345678"), "03-1234-5678")
        self.assertEqual(convert.phone_national("+390612345678", region="IT"), "06 1234 5678")
        self.assertEqual(convert.phone_national("+12025550123", region="US"), "(202) 555-0123")
        self.assertEqual(convert.phone_national("+14165550123", region="US"), "+1 416-555-0123")
        with patch.object(convert, "_parse_phone", side_effect=AssertionError("parsed")):
            self.assertEqual(convert.phone_national("+819087654321"), "090-8765-4321")

    def test_url(self):
        self.assertEqual(convert.to_url("instagram.com/sakura"), "https://instagram.com/sakura")
        self.assertEqual(convert.to_url(" http://example.jp "), "http://example.jp")
        self.assertEqual(convert.to_url("ftp://files.example.jp/a"), "ftp://files.example.jp/a")
        for raw in ("two words.jp", "https://", "   "):
            with self.subTest(raw=raw):
                self.assertRefused(convert.to_url, raw)

    def test_kana(self):
        cases = {
            "ﾔﾏﾀﾞ ﾀﾛｳ": "ヤマダ タロウ",  # half-width katakana, voiced marks joined
            "やまだ　たろう": "ヤマダ タロウ",  # hiragana, a full-width space
            "\u3000 ヤマダ   タロウ ": "ヤマダ タロウ",  # spaces single and trimmed
            "コーヒー": "コーヒー", "ｺｰﾋｰ": "コーヒー", "こーひー": "コーヒー",  # the long vowel mark
            "コ-ヒ－": "コーヒー", "メ〜ル": "メール",  # dashes typed for it
            "ｼﾞｮﾝ･ｽﾐｽ": "ジョン・スミス", "ゔぁいおりん": "ヴァイオリン", "": "",
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_kana(raw), expected)
                self.assertEqual(convert.convert("kana", raw), expected)
        for raw, wrong in (("山田 タロウ", "山 田"), ("Yamada", "Y a m d"), ("ヤマダ1", "1"), ("-ヤマダ", "-"),
                           ("ﾔﾏﾀﾞ(株)", "( 株 )")):
            with self.subTest(raw=raw):
                error = self.assertRefused(convert.to_kana, raw, label="Furigana")
                self.assertEqual(str(error), f"“{raw}” is not a reading in kana for Furigana: write it in katakana "
                                             f"or hiragana ({wrong} are not kana).")
        self.assertEqual(convert.normalize_kana("やまだ 山田"), "ヤマダ 山田", "search terms keep what is not kana")

    def test_choice(self):
        index = convert.choice_index([("gold", "gold"), ("gold", "Gold Member"), ("silver", "シルバー")])
        for raw, expected in {"gold": "gold", "GOLD": "gold", "gold member": "gold", "ｇｏｌｄ": "gold",
                              " シルバー ": "silver"}.items():
            with self.subTest(raw=raw):
                self.assertEqual(convert.to_choice(raw, index), expected)
        self.assertEqual(str(self.assertRefused(convert.to_choice, "Bronze", index)),
                         "Bronze is not one of the choices")
        error = self.assertRefused(convert.to_choice, "ゴールド会員", index, label="会員ランク")
        self.assertEqual(str(error), "“ゴールド会員” is not one of the choices of 会員ランク")
        self.assertEqual(error.message._translate("ja_JP"), "「ゴールド会員」は 会員ランク の選択肢にありません")
        numbered = convert.choice_index([(7, "A"), (8, "B"), (9, "a")])
        self.assertEqual(convert.to_choice("a", numbered), 7, "the first of two labels that compare equal wins")
        self.assertRefused(convert.to_choice, "7", numbered)

    def test_convert_by_kind(self):
        self.assertEqual(convert.convert("integer", "１２"), 12)
        self.assertEqual(convert.convert("char", "x" * 300, size=255 * 2), "x" * 300)
        self.assertRefused(convert.convert, "char", "x" * 300, size=255)
        self.assertEqual(convert.convert("text", "x" * 300, size=255), "x" * 300)
        self.assertEqual(convert.convert("selection", "Gold", choices=convert.choice_index([(3, "gold")])), 3)
        self.assertEqual(convert.convert("datetime", "2024-04-01 09:00", tz="Asia/Tokyo"),
                         datetime.datetime(2024, 4, 1))
        with self.assertRaises(ValueError):
            convert.convert("binary", "x")

    def test_messages_are_translated(self):
        error = self.assertRefused(convert.to_integer, "abc")
        self.assertEqual(error.message._translate("ja_JP"), "abc は数値ではありません")
