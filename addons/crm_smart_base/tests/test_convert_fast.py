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
