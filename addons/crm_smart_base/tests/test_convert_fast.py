import random
from unittest.mock import patch

import phonenumbers

from odoo.tests import BaseCase, tagged
from odoo.tools import email_normalize

from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.convert import ConvertError

FULL_WIDTH = str.maketrans("0123456789()-+ ", "０１２３４５６７８９（）－＋\u3000")
PREFIXES = ["03", "06", "045", "0467", "011", "090", "080", "070", "050", "0120", "0570", "0800", "0990", "020",
            "010", "01", "00", "0", "1", "81", "+81", "+810", "+81 0", "+1", "0037", "+8190", "+44"]


def phone_shapes(count, seed=7):
    """Phone numbers as people type them: the common Japanese shapes and
    many others, valid or not."""
    rng = random.Random(seed)
    shapes = [
        lambda d: d,
        lambda d: f"{d[:3]}-{d[3:7]}-{d[7:]}",
        lambda d: f"{d[:2]}({d[2:6]}){d[6:]}",
        lambda d: f"  {d}  ",
        lambda d: f"{d[:3]}-{d[3:7]}-{d[7:]}".translate(FULL_WIDTH),
        lambda d: f"+81 {d[1:3]} {d[3:7]} {d[7:]}",
        lambda d: f"{d[:4]}.{d[4:]}",
        lambda d: rng.choice(["-", "(", ")", " ", "+", ".", "ext", "x", "#", "内線", "--"]).join([d[:3], d[3:]]),
        lambda d: rng.choice(["", "tel:", "(", "-", "+", "++", "Tel "]) + d + rng.choice(
            ["", "-", ")", " ", "x12", " ext. 3"]),
        lambda d: f"({d[:3]}) {d[3:6]}-{d[6:]}",
    ]
    for _ in range(count):
        digits = rng.choice(PREFIXES) + "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 11)))
        yield rng.choice(shapes)(digits)


def parsed_phone(raw):
    """to_phone as phonenumbers alone gives it: the E.164 number, or None."""
    number = convert._parse_phone(convert.normalize_text(convert.plain_text(raw)), "JP")
    if not number or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def converted(function, raw):
    try:
        return function(raw)
    except ConvertError:
        return None


@tagged("at_install", "-post_install")
class TestConvertFastPaths(BaseCase):
    """The fast paths of phones and emails give exactly what the full parsers give."""

    def test_common_japanese_phone_shapes_skip_the_parser(self):
        cases = {
            "０９０－１２３４－５６７８": "+819012345678",
            "03(1234)5678": "+81312345678",
            "０３（１２３４）５６７８": "+81312345678",
            "+81 90 1234 5678": "+819012345678",
            "  090-1234-5678  ": "+819012345678",
            "0120-123-456": "+81120123456",
            "050-1234-5678": "+815012345678",
            "0990-123-456": "+81990123456",
        }
        with patch.object(phonenumbers, "parse", side_effect=AssertionError("parsed")):
            for raw, expected in cases.items():
                with self.subTest(raw=raw):
                    self.assertEqual(convert.to_phone(raw), expected)
        # shapes it cannot decide are left to phonenumbers
        for raw in ("010-81-3-1234-5678", "+81 (0)3 1234 5678", "03-1234-5678 ext 12", "+33 6 12 34 56 78",
                    "090-1234-567", "0990-12-345"):
            with self.subTest(raw=raw):
                self.assertIsNone(convert._jp_phone(convert.normalize_text(raw)))
                self.assertEqual(converted(convert.to_phone, raw), parsed_phone(raw))

    def test_phone_fast_path_agrees_with_phonenumbers(self):
        shapes = list(phone_shapes(20000))
        fast = 0
        for raw in shapes:
            expected = parsed_phone(raw)
            fast += bool(convert._jp_phone(convert.normalize_text(raw)))
            self.assertEqual(converted(convert.to_phone, raw), expected, raw)
        self.assertGreater(fast, 1000, "the sample holds many numbers of the fast shapes")
        self.assertLess(fast, len(shapes) - 1000, "and many others")

    def test_email_fast_path_agrees_with_email_normalize(self):
        rng = random.Random(3)
        locals_ = ["taro", "Taro.Yamada", "a+b", "x_y-z", "a..b", ".a", "a.", "山田", "o'neil", "a b", "A#b", "", "1"]
        domains = ["example.jp", "Example.CO.JP", "ex-ample.com", "localhost", "ex..com", "-ex.com", "ex.com.",
                   "例え.jp", "", "e_x.com"]
        for _ in range(5000):
            raw = (rng.choice(["", " ", "\u3000"]) + rng.choice(locals_) + rng.choice(["@", "＠", "@@", " @"])
                   + rng.choice(domains) + rng.choice(["", " ", ","]))
            text = convert.normalize_text(raw)
            normal = email_normalize(text)
            expected = normal if normal and normal == text.lower() else None
            self.assertEqual(converted(convert.to_email, raw), expected, raw)
        with patch.object(convert, "email_normalize", side_effect=AssertionError("parsed")):
            self.assertEqual(convert.to_email(" Taro.Yamada@Example.CO.JP "), "taro.yamada@example.co.jp")


def by_cell(kind, texts, **options):
    """What convert() gives each text, None where it refuses it."""
    return [converted(lambda raw: convert.convert(kind, raw, **options), raw) for raw in texts]


@tagged("at_install", "-post_install")
class TestConvertColumn(BaseCase):
    """A column converted at once gives what each of its cells converted alone
    gives, for every cell it decides; it leaves the others to convert()."""

    def assertColumnAgrees(self, kind, texts, decided_at_least, **options):
        column = convert.convert_column(kind, texts, **options)
        self.assertEqual(len(column), len(texts))
        expected = by_cell(kind, texts, **options)
        decided = 0
        for raw, value, cell in zip(texts, column, expected):
            if value is not None:
                decided += 1
                self.assertEqual((value, type(value)), (cell, type(cell)), f"{kind}: {raw!r}")
        self.assertGreaterEqual(decided, decided_at_least, kind)
        return column

    def test_phones(self):
        texts = list(phone_shapes(20000))
        column = self.assertColumnAgrees("phone", texts, 1000)
        # everything the per-cell fast path decides, the column decides too
        for raw, value in zip(texts, column):
            if convert._jp_phone(convert.normalize_text(raw)):
                self.assertIsNotNone(value, raw)
        self.assertIsNone(convert.convert_column("phone", ["090-1234-5678"], region="US"))

    def test_emails(self):
        rng = random.Random(5)
        locals_ = ["taro", "Taro.Yamada", "a+b", "a..b", ".a", "山田", "a b", "", "ＴＡＲＯ"]
        domains = ["example.jp", "Example.CO.JP", "ex..com", "例え.jp", "", "e_x.com", "ｅｘ．ｊｐ"]
        texts = [rng.choice(["", " ", "\u3000"]) + rng.choice(locals_) + rng.choice(["@", "＠", "@@"])
                 + rng.choice(domains) + rng.choice(["", " ", ","]) for _ in range(3000)]
        self.assertColumnAgrees("email", texts, 150)

    def test_numbers(self):
        rng = random.Random(6)
        texts = []
        for _ in range(3000):
            number = rng.choice([0, 7, -12, 1234567, 999999999, 1000000000, 2**31, 12.5, -0.25, 1e3])
            text = f"{number:,}" if rng.random() < 0.5 else str(number)
            if rng.random() < 0.5:
                text = text.translate(str.maketrans("0123456789,.-", "０１２３４５６７８９，．－"))
            texts.append(rng.choice(["", " ", "¥", "￥"]) + text + rng.choice(["", "円", " 円", "人", "個 ", "abc", " "]))
        texts += ["", " ", "1 2", "+5", "007", "-0", "1e5", "nan", "inf", "1..2"]
        self.assertColumnAgrees("integer", texts, 500)
        self.assertColumnAgrees("float", texts, 500)
        self.assertColumnAgrees("monetary", texts, 500)

    def test_dates(self):
        rng = random.Random(8)
        texts = []
        for _ in range(3000):
            year, month, day = rng.randint(1900, 2030), rng.randint(0, 13), rng.randint(0, 32)
            text = rng.choice([f"{year}-{month:02d}-{day:02d}", f"{year}/{month}/{day}", f"{year}年{month}月{day}日",
                               f"平成{year % 40}年{month}月{day}日", f"{year}.{month}.{day}", f"{day}/{month}/{year}"])
            if rng.random() < 0.3:
                text = text.translate(str.maketrans("0123456789/-", "０１２３４５６７８９／－"))
            texts.append(rng.choice(["", " ", "\u3000"]) + text)
        texts += ["", "2024-02-30", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "1900-02-29"]
        self.assertColumnAgrees("date", texts, 500)

    def test_texts(self):
        texts = ["山田\u3000太郎", "  A  ", "", "\u3000", "x" * 300, "tab\there", "ｆｕｌｌ"]
        column = self.assertColumnAgrees("char", texts, 4, size=255)
        self.assertEqual(column, ["山田 太郎", "A", None, None, None, "tab\there", "ｆｕｌｌ"])
        self.assertEqual(self.assertColumnAgrees("text", texts, 5)[4], "x" * 300)
        # a text holding a line break: the column cannot be split, the cells convert one by one
        self.assertIsNone(convert.convert_column("char", ["a\nb", "c"]))
        self.assertIsNone(convert.convert_column("boolean", ["はい"]))
