"""Conversion of values typed or uploaded by users to the values Odoo stores.

One rule, one place: uploads, default values, type changes, previews and form
writes all convert through these functions. They are pure (no environment, no
database), so an upload may run them in a second thread; what they need from
the environment (the user's time zone, the company's country) is passed in.

A value that does not convert raises :class:`ConvertError`, whose ``message``
is a lazy translation: show it with ``env._(error.message)``.
"""
import calendar
import datetime
import functools
import math
import re
import unicodedata

import phonenumbers
import pytz

from odoo.tools import email_normalize
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# PostgreSQL's int4, the column of an integer field
INT4_MIN, INT4_MAX = -2**31, 2**31 - 1
FULL_WIDTH_SPACE = "\u3000"
# a whole column of plain numbers, one per line, that PostgreSQL reads as they are:
# integers of at most 9 digits (always within int4) and finite decimals
INTEGER_COLUMN_RE = re.compile(r"(?:-?(?:0|[1-9]\d{0,8})\n)*")
DECIMAL_COLUMN_RE = re.compile(r"(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d{1,2})?\n)*")
# Japanese eras: the year before their first year, for dates such as 令和6年4月1日 or R6.4.1
ERAS = {
    "明治": 1867, "M": 1867,
    "大正": 1911, "T": 1911,
    "昭和": 1925, "S": 1925,
    "平成": 1988, "H": 1988,
    "令和": 2018, "R": 2018,
}
# the first and last day of each era, in order (an emperor's last day may also be the
# first of the next era, as 1912-07-30 and 1926-12-25 are), and the letters of the eras
ERA_DAYS = (
    ("明治", datetime.date(1868, 1, 1), datetime.date(1912, 7, 30)),
    ("大正", datetime.date(1912, 7, 30), datetime.date(1926, 12, 25)),
    ("昭和", datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
    ("平成", datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    ("令和", datetime.date(2019, 5, 1), datetime.date.max),
)
ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
ERA_RE = re.compile(r"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
DATE_RE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
TIME_RE = re.compile(r"^(\d{1,2})\s*[:時]\s*(\d{1,2})(?:\s*分|\s*[:分]\s*(\d{1,2})\s*秒?)?$")
URL_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# words read as yes or no, compared after normalize_text() and casefold()
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "on", "x", "○", "〇", "はい", "有", "あり", "済"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "off", "", "×", "いいえ", "無", "なし", "未"})
CURRENCY_SIGNS = ("¥", "円")
# counter words and units a number may be followed by in a number column (５人, 3回, 10個)
COUNTER_WORDS = ("人", "回", "円", "個", "件")
NUMBER_WITH_SUFFIX_RE = re.compile(r"^[+-]?\d[\d.]*(?:[eE][-+]?\d+)?\s*(\D.*)$")
# kana readings (フリガナ): hiragana to katakana, dashes after kana to the long vowel
# mark; a reading holds katakana, the long vowel mark, the middle dot and spaces only
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {0x309D: 0x30FD, 0x309E: 0x30FE}
KANA_DASH_RE = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])[-~\u2010-\u2015\u2212\u301c]")
NOT_KANA_RE = re.compile(r"[^\u30a1-\u30fa\u30fb\u30fc\u30fd\u30fe ]")
# the common shapes of Japanese phone numbers (after normalize_text): 03-1234-5678,
# 03(1234)5678, 090 1234 5678, +81 90-1234-5678; the national number is kept.
# 010 is Japan's international call prefix, so numbers starting with it are left
# to phonenumbers, like every other shape
JP_PHONE_SEPARATORS_RE = re.compile(r"[-\s().]")
JP_PHONE_RE = re.compile(r"(?:0(?!10)|\+81)([1-9]\d{8,9})")
# the types of numbers phonenumbers knows, any of which makes a number valid
JP_PHONE_TYPES = ("mobile", "fixed_line", "toll_free", "premium_rate", "shared_cost", "voip", "personal_number",
                  "pager", "uan", "voicemail")
# an email address that needs no parsing: dot-separated atoms of plain ASCII
PLAIN_EMAIL_RE = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
# what convert_column() decides at once, one line of a column at a time: the
# separators of a phone number but the line breaks, whole numbers within int4,
# finite decimals, dates of DATE_RE
LINE_PHONE_SEPARATORS_RE = re.compile(r"[-().]|[^\S\n]")
PLAIN_INTEGER_RE = re.compile(r"-?(?:0|[1-9]\d{0,8})")
PLAIN_DECIMAL_RE = re.compile(r"-?\d+(?:\.\d+)?")


class ConvertError(ValueError):
    """A value that cannot be converted; ``message`` is a lazy translation of why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message._translate("en_US")


def normalize_text(value):
    """Full-width digits, letters and spaces to their ASCII form, trimmed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFKC", value).strip()


def plain_text(raw):
    """A cell's value as text: 12.0 as 12, dates in Odoo's format."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime):
        return raw.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return str(raw)


def choice_key(value):
    """The form of a choice's label or key that lookups compare (width and case folded)."""
    return normalize_text(plain_text(value)).casefold()


def check_size(text, size=None):
    """``text`` when it has at most ``size`` characters (no limit without size)."""
    if size and len(text) > size:
        raise ConvertError(_lt("longer than %s characters", size))
    return text


def to_text(raw, size=None):
    """Text trimmed of its spaces (full-width ones inside become plain spaces)."""
    return check_size(plain_text(raw).replace(FULL_WIDTH_SPACE, " ").strip(), size)


def to_number(raw, integer=False):
    """A whole number within int4 (``integer``) or a finite decimal number.

    Text may use full-width digits, thousands separators and a yen sign."""
    if isinstance(raw, bool):
        raise ConvertError(_lt("%s is not a number", raw))
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = normalize_text(str(raw)).replace(",", "")
        for sign in CURRENCY_SIGNS:
            text = text.replace(sign, "")
        text = text.strip()
        if text[-1:] in COUNTER_WORDS:
            text = text[:-1].strip()
        try:
            value = int(text) if integer and text.lstrip("+-").isdigit() else float(text)
        except ValueError:
            raise _number_error(raw) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ConvertError(_lt("%s is not a number", raw))
    if integer:
        if value != int(value):
            raise ConvertError(_lt("%s is not a whole number", raw))
        value = int(value)
        if not INT4_MIN <= value <= INT4_MAX:
            raise ConvertError(_lt("%s is too large", raw))
    return value


def _number_error(raw):
    """The error of a text that is not a number, saying why when it starts with one."""
    match = NUMBER_WITH_SUFFIX_RE.match(normalize_text(str(raw)).replace(",", ""))
    if match:
        return ConvertError(_lt("“%(value)s” is not a number: a number may be followed only by one of %(words)s, "
                                "not by “%(rest)s”.", value=raw, words="、".join(COUNTER_WORDS),
                                rest=match[1].strip()))
    if any(char.isdigit() for char in normalize_text(str(raw))):
        return ConvertError(_lt("“%(value)s” is not a number: write the number first, followed at most by one "
                                "of %(words)s.", value=raw, words="、".join(COUNTER_WORDS)))
    return ConvertError(_lt("%s is not a number", raw))


def to_integer(raw):
    return to_number(raw, integer=True)


def to_decimal(raw):
    return float(to_number(raw))


to_money = to_decimal


def to_bool(raw):
    """Yes or no, from a boolean, a number or one of the words of TRUE_WORDS and FALSE_WORDS."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return bool(raw)
    text = normalize_text(str(raw)).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ConvertError(_lt("%s is not yes or no", raw))


def to_date(raw):
    """A date from ISO, slashes, 年月日 or a Japanese era (令和6年4月1日, 平成元年1月8日, R6.4.1)."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = normalize_text(str(raw))
    parts = era = None
    if match := DATE_RE.match(text):
        parts = [int(x) for x in match.groups()]
    elif match := ERA_RE.match(text):
        era, year, month, day = match.groups()
        era = ERA_LETTERS.get(era, era)
        parts = [ERAS[era] + (1 if year == "元" else int(year)), int(month), int(day)]
    if parts:
        try:
            date = datetime.date(*parts)
        except ValueError:  # an impossible date, such as 2024年2月30日
            raise ConvertError(_lt("%s is a date that does not exist", raw)) from None
        if era:
            check_era(raw, era, date)
        return date
    raise ConvertError(_lt("%s is not a date (use 2024-04-01, 2024/4/1, 2024年4月1日 or 令和6年4月1日)", raw))


def era_of(date):
    """The era ``date`` belongs to, the new one on the day an era changed (None before Meiji)."""
    found = None
    for era, first, last in ERA_DAYS:
        if first <= date <= last:
            found = era
    return found


def era_date(date, era=None):
    """``date`` written with a Japanese era (令和元年5月1日), in its own era unless ``era`` is given."""
    era = era or era_of(date)
    year = date.year - ERAS[era]
    return f"{era}{'元' if year == 1 else year}年{date.month}月{date.day}日"


def check_era(raw, era, date):
    """Refuses a date written in an era it does not belong to (平成31年5月1日 is
    the first day of Reiwa), naming the last or first day of that era and, when
    there is one, the right era date of the day meant."""
    _era, first, last = next(days for days in ERA_DAYS if days[0] == era)
    if first <= date <= last:
        return
    right = era_of(date)
    if date > last:
        raise ConvertError(_lt("%(value)s is a date that does not exist: %(era)s ended on %(last)s (%(last_iso)s); "
                               "that day is %(right)s (%(iso)s).", value=raw, era=era, last=era_date(last, era),
                               last_iso=last.isoformat(), right=era_date(date), iso=date.isoformat()))
    if right is None:
        raise ConvertError(_lt("%(value)s is a date that does not exist: %(era)s began on %(first)s (%(first_iso)s).",
                               value=raw, era=era, first=era_date(first, era), first_iso=first.isoformat()))
    raise ConvertError(_lt("%(value)s is a date that does not exist: %(era)s began on %(first)s (%(first_iso)s); "
                           "that day is %(right)s (%(iso)s).", value=raw, era=era, first=era_date(first, era),
                           first_iso=first.isoformat(), right=era_date(date), iso=date.isoformat()))


def to_datetime(raw, tz=None):
    """A date and time as Odoo stores it (naive UTC).

    :param tz: the time zone (a tzinfo such as ``env.tz``, or its name) of the
        values that do not carry one; none keeps them as they are
    """
    if isinstance(raw, datetime.datetime):
        value = raw
    else:
        text = normalize_text(str(raw)).replace("T", " ")
        date_part, _sep, time_part = text.partition(" ")
        day = to_date(date_part)
        hour = minute = second = 0
        if time_part.strip():
            match = TIME_RE.match(time_part.strip())
            if not match:
                raise ConvertError(_lt("%s is not a date and time", raw))
            hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        try:
            value = datetime.datetime(day.year, day.month, day.day, hour, minute, second)
        except ValueError:
            raise ConvertError(_lt("%s is not a date and time", raw)) from None
    if value.tzinfo is None and tz:
        if isinstance(tz, str):
            if tz not in pytz.all_timezones_set:
                return value
            tz = pytz.timezone(tz)
        value = tz.localize(value) if hasattr(tz, "localize") else value.replace(tzinfo=tz)
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc)
    return value.replace(tzinfo=None)


def to_email(raw, label=""):
    """One email address, lower-cased; ``label`` names the field in the message."""
    text = normalize_text(plain_text(raw))
    # a plain address is its own normal form, lower-cased: as email_normalize
    # gives it, without parsing a mail header
    email = text.lower() if PLAIN_EMAIL_RE.fullmatch(text) else email_normalize(text)
    if not email or email != text.lower():
        if not label:  # the column or field is named beside the message
            raise ConvertError(_lt("“%s” is not a valid email address.", raw))
        raise ConvertError(_lt("“%(value)s” is not a valid email address for %(field)s.", value=raw, field=label))
    return email


def _parse_phone(text, region):
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


@functools.cache
def _jp_phone_rules():
    """phonenumbers' rules of a valid Japanese national number: (lengths,
    pattern) of its general description, and of each type of number."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("JP")

    def rule(desc):
        return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)

    types = [getattr(metadata, name) for name in JP_PHONE_TYPES]
    return rule(metadata.general_desc), [rule(desc) for desc in types if desc and desc.national_number_pattern]


def _jp_phone(text):
    """The E.164 form of a valid Japanese number of a common shape, else None
    (the caller then parses it with phonenumbers). The national number is
    what phonenumbers keeps of such a shape (after the national prefix 0 or
    the country code 81), and it is valid as phonenumbers.is_valid_number
    tells: the general pattern and the pattern of one type of number, read
    from phonenumbers' own metadata. Only the parsing of the text is saved."""
    match = JP_PHONE_RE.fullmatch(JP_PHONE_SEPARATORS_RE.sub("", text))
    if not match:
        return None
    national = match.group(1)
    size = len(national)
    (general_lengths, general), types = _jp_phone_rules()
    if (general_lengths and size not in general_lengths) or not general.fullmatch(national):
        return None
    if not any((not lengths or size in lengths) and pattern.fullmatch(national) for lengths, pattern in types):
        return None
    return "+81" + national


def jp_phone_e164(number):
    """The E.164 form of a valid Japanese number written in ASCII in one of the
    common shapes, as phonenumbers gives it, or None when the parser must
    decide (see _jp_phone): for the stored forms of phone fields, which
    phone_validation computes with the parser for every new customer."""
    if not isinstance(number, str) or not number.isascii():
        return None
    return _jp_phone(number.strip())


def to_phone(raw, region="JP", label=""):
    """A valid phone number in E.164 (+819012345678); numbers without a country
    code belong to ``region`` (ISO country code)."""
    text = normalize_text(plain_text(raw))
    if (region or "JP") == "JP" and (fast := _jp_phone(text)):
        return fast
    number = _parse_phone(text, region or "JP")
    if not number or not phonenumbers.is_valid_number(number):
        if not label:  # the column or field is named beside the message
            raise ConvertError(_lt("“%s” is not a valid phone number.", raw))
        raise ConvertError(_lt("“%(value)s” is not a valid phone number for %(field)s.", value=raw, field=label))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_national(value, region="JP"):
    """A stored (E.164) number as people of ``region`` write it: national format
    at home, international format abroad."""
    if not value:
        return ""
    number = _home_e164(value, region or "JP") or _parse_phone(value, region or "JP")
    if not number:
        return value
    if phonenumbers.region_code_for_number(number) == (region or "JP"):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _home_e164(value, region):
    """The stored (E.164) number ``value`` of ``region``'s country code, built
    without the parser: a download formats a number per row, and parsing is
    half of the work. None for any other value (the parser reads those)."""
    prefix = f"+{phonenumbers.country_code_for_region(region)}"
    national = value[len(prefix):]
    if not value.startswith(prefix) or not (national.isascii() and national.isdigit()) or national[0] == "0":
        return None
    return phonenumbers.PhoneNumber(country_code=int(prefix[1:]), national_number=int(national))


def to_url(raw, label=""):
    """A web address with a scheme (https:// is added when it has none)."""
    value = normalize_text(plain_text(raw))
    if not URL_SCHEME_RE.match(value):
        value = "https://" + value
    host = URL_SCHEME_RE.sub("", value).split("/", 1)[0]
    if not host or any(char.isspace() for char in value):
        if not label:  # the column or field is named beside the message
            raise ConvertError(_lt("“%s” is not a valid URL.", raw))
        raise ConvertError(_lt("“%(value)s” is not a valid URL for %(field)s.", value=raw, field=label))
    return value


def normalize_kana(text):
    """A kana reading in its stored form: full-width katakana (half-width katakana
    widened, hiragana to katakana), a dash after kana read as the long vowel mark
    ー, spaces (full-width ones too) single and trimmed. Other characters are kept:
    search terms are normalised with it, and :func:`to_kana` refuses them."""
    text = unicodedata.normalize("NFKC", text).translate(HIRAGANA_TO_KATAKANA)
    return " ".join(KANA_DASH_RE.sub("ー", text).split())


def to_kana(raw, label=""):
    """A reading in kana (フリガナ) of a name, normalised by :func:`normalize_kana`;
    a reading holding kanji, Latin letters, digits or signs is refused."""
    value = normalize_kana(plain_text(raw))
    wrong = " ".join(dict.fromkeys(NOT_KANA_RE.findall(value)))
    if wrong:
        raise ConvertError(_lt("“%(value)s” is not a reading in kana for %(field)s: write it in katakana or "
                               "hiragana (%(characters)s are not kana).", value=raw, field=label, characters=wrong))
    return value


def choice_index(pairs):
    """{lookup key: value} of the (value, label) pairs of a choice, for :func:`to_choice`;
    give a value as its own label to accept it too. The first pair of a label wins."""
    index = {}
    for value, label in pairs:
        index.setdefault(choice_key(label), value)
    return index


def to_choice(raw, index, label=""):
    """The value whose label is ``raw`` in ``index`` (see :func:`choice_index`),
    whatever the case and the width of its characters; ``label`` names the field
    in the message."""
    value = index.get(choice_key(raw))
    if value is None:
        raise choice_error(raw, label)
    return value


def choice_error(raw, label=""):
    """The error of a value that is none of the choices of the field labelled ``label``."""
    if label:
        return ConvertError(_lt("“%(value)s” is not one of the choices of %(field)s", value=raw, field=label))
    return ConvertError(_lt("%s is not one of the choices", raw))


@functools.cache
def _jp_phone_column_re():
    """One regular expression for what _jp_phone() tells of a text after its
    separators are removed: the shape (0 or +81, then the national number), the
    general rule and the rule of one type of number, built from the same
    phonenumbers metadata, the national number in the group ``national``."""
    (general_lengths, general), types = _jp_phone_rules()

    def rule(lengths, pattern):
        sizes = sorted(size for size in lengths if size > 0)
        if lengths and not sizes:  # lengths of a type that has no numbers
            return None
        size_check = "(?=(?:" + "|".join(rf"\d{{{size}}}" for size in sizes) + r")\Z)" if sizes else ""
        return f"{size_check}(?:{pattern.pattern})\\Z"

    alternatives = [alternative for alternative in (rule(lengths, pattern) for lengths, pattern in types)
                    if alternative]
    general_rule = rule(general_lengths, general)
    if not alternatives or not general_rule:
        return None
    return re.compile(r"(?:0(?!10)|\+81)(?=(?P<national>[1-9]\d{8,9})\Z)"
                      f"(?={general_rule})(?:{'|'.join(alternatives)})")


def _normalized_lines(texts):
    """The texts of a column as normalize_text() gives them but for the trimming,
    normalised at once; None when a text holds a line break."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return None
    lines = unicodedata.normalize("NFKC", joined).split("\n")
    return lines if len(lines) == len(texts) else None


def _column_texts(texts, size):
    lines = "\n".join(texts)
    if lines.count("\n") != len(texts) - 1:
        return None
    values = list(map(str.strip, lines.replace(FULL_WIDTH_SPACE, " ").split("\n")))
    return [value if value and not (size and len(value) > size) else None for value in values]


def _column_phones(texts, region):
    valid = _jp_phone_column_re() if (region or "JP") == "JP" else None
    lines = valid and _normalized_lines(texts)
    if not lines:
        return None
    lines = LINE_PHONE_SEPARATORS_RE.sub("", "\n".join(lines)).split("\n")
    return ["+81" + match["national"] if match else None for match in map(valid.fullmatch, lines)]


def _column_emails(texts):
    lines = _normalized_lines(texts)
    if lines is None:
        return None
    lines = list(map(str.strip, lines))
    return [line.lower() if match else None for line, match in zip(lines, map(PLAIN_EMAIL_RE.fullmatch, lines))]


def _column_numbers(texts, integer):
    lines = _normalized_lines(texts)
    if lines is None:
        return None
    text = "\n".join(lines).replace(",", "")
    for sign in CURRENCY_SIGNS:
        text = text.replace(sign, "")
    lines = list(map(str.strip, text.split("\n")))
    plain, number = (PLAIN_INTEGER_RE, int) if integer else (PLAIN_DECIMAL_RE, float)
    return [number(line) if match else None for line, match in zip(lines, map(plain.fullmatch, lines))]


def _column_dates(texts):
    lines = _normalized_lines(texts)
    if lines is None:
        return None
    lines = list(map(str.strip, lines))
    # dates repeat through a file (days of a year, birthdays): each is read once
    dates = dict.fromkeys(lines)
    for line, match in zip(dates, map(DATE_RE.match, dates)):
        if match:
            dates[line] = _date_or_none(int(match[1]), int(match[2]), int(match[3]))
    return list(map(dates.__getitem__, lines))


def _date_or_none(year, month, day):
    """The date, or None for one that does not exist (its own conversion says why)."""
    if 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return datetime.date(year, month, day)
    return None


def convert_column(kind, texts, *, size=None, region="JP"):
    """The values of a column of texts (a list of str) converted at once, as
    convert() converts each of them, for uploads of many rows: the rule is the
    same, only the work is done on the whole column (one normalisation of its
    joined text, regular expressions run over each line without Python code).

    Returns a list holding the value of each text it decides, and None for the
    texts it leaves to convert() (empty texts, refused values, the rarer shapes
    such as era dates or numbers with a counter word); None instead of the list
    for a kind it does not convert this way. What it decides is exactly what
    convert() gives (tests compare them on many shapes of values)."""
    if kind in ("char", "text", "html"):
        return _column_texts(texts, size if kind == "char" else None)
    if kind == "phone":
        return _column_phones(texts, region)
    if kind == "email":
        return _column_emails(texts)
    if kind == "integer":
        return _column_numbers(texts, integer=True)
    if kind in ("float", "monetary"):
        return _column_numbers(texts, integer=False)
    if kind == "date":
        return _column_dates(texts)
    return None


def convert(kind, raw, *, size=None, tz=None, region="JP", label="", choices=None):
    """``raw`` converted to a value of ``kind`` (a field type, or email, phone,
    url, kana); the keywords are those of the function of that kind."""
    if kind in ("char", "text", "html"):
        return to_text(raw, size if kind == "char" else None)
    if kind == "integer":
        return to_integer(raw)
    if kind in ("float", "monetary"):
        return to_decimal(raw)
    if kind == "boolean":
        return to_bool(raw)
    if kind == "date":
        return to_date(raw)
    if kind == "datetime":
        return to_datetime(raw, tz)
    if kind == "email":
        return to_email(raw, label)
    if kind == "phone":
        return to_phone(raw, region, label)
    if kind == "url":
        return to_url(raw, label)
    if kind == "kana":
        return to_kana(raw, label)
    if kind == "selection":
        return to_choice(raw, choices or {}, label)
    raise ValueError(f"No conversion to {kind}")
