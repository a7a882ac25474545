import contextlib
import datetime
import re
import unicodedata
from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

# Japanese eras, for dates such as 令和6年4月1日 or R6.4.1
ERAS = {
    "明治": 1867, "M": 1867,
    "大正": 1911, "T": 1911,
    "昭和": 1925, "S": 1925,
    "平成": 1988, "H": 1988,
    "令和": 2018, "R": 2018,
}
ERA_RE = re.compile(r"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
DATE_RE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
TIME_RE = re.compile(r"^(\d{1,2})\s*[:時]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})\s*秒?)?$")
TRUE_WORDS = {"1", "true", "yes", "y", "on", "x", "○", "〇", "はい", "有", "あり", "済"}
FALSE_WORDS = {"0", "false", "no", "n", "off", "", "×", "いいえ", "無", "なし", "未"}
# records a link column may point to that are read before an upload, at most
PRELOAD_LIMIT = 2000


class _Bad:
    """A cell that could not be converted, and why."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class RowError(ValueError):
    """A value of one cell that cannot be converted; carries a translated message."""


def normalize_text(value):
    """Full-width digits, letters and spaces to their ASCII form, trimmed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFKC", value).strip()


class SmartDataConvert(models.AbstractModel):
    """The values of uploaded cells: Japanese dates and eras, full-width digits,
    yes/no words, choices and links by name, emails, phones and URLs."""

    _inherit = "smart.data.io"

    @api.model
    def _field_kind(self, model, field):
        """The kind of value a field holds: email, phone and URL custom fields are
        checked and normalised like the field designer does on save."""
        if field.type == "char" and field.name.startswith("x_"):
            return self.env["smart.field"]._normalized_fields(model._name).get(field.name, "char")
        return field.type

    @api.model
    def _convert_cell(self, model, field, kind, raw, cache):
        """The database value of one cell, or raises RowError with a translated reason."""
        if isinstance(raw, str):
            raw = raw.replace("\u3000", " ")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required:
                raise RowError(self.env._("a value is required"))
            return False
        if kind in ("char", "text", "html"):
            value = raw if isinstance(raw, str) else self._plain(raw)
            value = value.strip()
            if field.type == "char" and field.size and len(value) > field.size:
                raise RowError(self.env._("longer than %s characters", field.size))
            return value
        if kind in ("integer", "float", "monetary"):
            return self._to_number(raw, integer=kind == "integer")
        if kind == "boolean":
            return self._to_bool(raw)
        if kind == "date":
            return self._to_date(raw)
        if kind == "datetime":
            return self._to_datetime(raw)
        if kind == "selection":
            return self._to_selection(model, field, raw, cache)
        if kind == "many2one":
            return self._to_record(field.comodel_name, raw, cache, self._field_domain(field))[0]
        if kind == "many2many":
            names = [part for part in re.split(r"[,、，;]", normalize_text(str(raw))) if part.strip()]
            domain = self._field_domain(field)
            return [self._to_record(field.comodel_name, name, cache, domain)[0] for name in names]
        value = normalize_text(str(raw))
        return self._convert_special(kind, value, cache.get(("label", model._name, field.name), field.string))

    @api.model
    def _convert_special(self, kind, value, label=""):
        """Email, phone and URL values, normalised by the field designer's rules."""
        if kind in ("email", "phone", "url"):
            try:
                return self.env["smart.field"]._normalize_value(kind, value, label=label)
            except ValidationError as exc:
                raise RowError(exc.args[0]) from exc
        return value

    def _plain(self, raw):
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, datetime.datetime):
            return fields.Datetime.to_string(raw)
        if isinstance(raw, datetime.date):
            return fields.Date.to_string(raw)
        return str(raw)

    def _to_number(self, raw, integer):
        if isinstance(raw, bool):
            raise RowError(self.env._("%s is not a number", raw))
        if isinstance(raw, (int, float)):
            value = raw
        else:
            text = normalize_text(str(raw)).replace(",", "").replace("¥", "").replace("円", "").strip()
            try:
                value = float(text)
            except ValueError:
                raise RowError(self.env._("%s is not a number", raw)) from None
        if integer:
            if float(value) != int(value):
                raise RowError(self.env._("%s is not a whole number", raw))
            value = int(value)
            if not -2**31 <= value < 2**31:
                raise RowError(self.env._("%s is too large", raw))
        return value

    def _to_bool(self, raw):
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)):
            return bool(raw)
        text = normalize_text(str(raw)).casefold()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise RowError(self.env._("%s is not yes or no", raw))

    def _to_date(self, raw):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = normalize_text(str(raw))
        parts = None
        if match := DATE_RE.match(text):
            parts = [int(x) for x in match.groups()]
        elif match := ERA_RE.match(text):
            era, year, month, day = match.groups()
            parts = [ERAS[era] + (1 if year == "元" else int(year)), int(month), int(day)]
        if parts:
            with contextlib.suppress(ValueError):  # an impossible date, such as 2024-13-45
                return datetime.date(*parts)
        raise RowError(self.env._("%s is not a date (use 2024-04-01, 2024/4/1, 2024年4月1日 or 令和6年4月1日)", raw))

    def _to_datetime(self, raw):
        if isinstance(raw, datetime.datetime):
            value = raw
        else:
            text = normalize_text(str(raw)).replace("T", " ")
            date_part, _sep, time_part = text.partition(" ")
            day = self._to_date(date_part)
            hour = minute = second = 0
            if time_part.strip():
                match = TIME_RE.match(time_part.strip())
                if not match:
                    raise RowError(self.env._("%s is not a date and time", raw))
                hour, minute = int(match[1]), int(match[2])
                second = int(match[3] or 0)
            try:
                value = datetime.datetime(day.year, day.month, day.day, hour, minute, second)
            except ValueError:
                raise RowError(self.env._("%s is not a date and time", raw)) from None
        # values in the file are in the user's time zone; the database keeps UTC
        tz_name = self.env.context.get("tz") or self.env.user.tz
        if value.tzinfo is None and tz_name in pytz.all_timezones_set:
            value = pytz.timezone(tz_name).localize(value).astimezone(pytz.utc).replace(tzinfo=None)
        return value.replace(tzinfo=None)

    def _to_selection(self, model, field, raw, cache):
        key = ("selection", model._name, field.name)
        if key not in cache:
            options = {}
            for value, label in field._description_selection(self.env):
                options[normalize_text(str(value)).casefold()] = value
                options[normalize_text(str(label)).casefold()] = value
            cache[key] = options
        value = cache[key].get(normalize_text(self._plain(raw)).casefold())
        if value is None:
            raise RowError(self.env._("%s is not one of the choices", raw))
        return value

    @api.model
    def _field_domain(self, field):
        """The static domain of a relational field (custom choice fields have one)."""
        domain = field.domain
        if isinstance(domain, str):
            try:
                domain = safe_eval(domain)
            except Exception:  # noqa: BLE001 - a domain with variables is not static
                return []
        return list(domain) if isinstance(domain, (list, tuple)) else []

    @staticmethod
    def _records_key(comodel_name, domain):
        """The cache key of the records read beforehand for a link column."""
        return ("records", comodel_name, repr(domain))

    @api.model
    def _preload_records(self, field, cache):
        """Reads the names of the records a link column may point to when they are
        few (the choices of a custom choice field, say), so that converting the
        column needs no query; returns whether it did."""
        comodel = self.env[field.comodel_name]
        domain = self._field_domain(field)
        if not comodel._rec_name or comodel.search_count(domain, limit=PRELOAD_LIMIT + 1) > PRELOAD_LIMIT:
            return False
        names, known = defaultdict(list), set()
        for record in comodel.search_fetch(domain, [comodel._rec_name]):
            known.add(record.id)
            names[normalize_text(str(record[comodel._rec_name] or "")).casefold()].append(record.id)
        cache[self._records_key(field.comodel_name, domain)] = (names, known)
        return True

    def _to_record(self, comodel_name, raw, cache, domain=()):
        text = normalize_text(self._plain(raw))
        key = ("record", comodel_name, repr(domain), text.casefold())
        if key not in cache:
            preloaded = cache.get(self._records_key(comodel_name, domain))
            if preloaded:
                names, known = preloaded
                ids = names.get(text.casefold(), [])[:2]
                if len(ids) != 1 and text.isdigit():
                    ids = [int(text)] if int(text) in known else []
                cache[key] = ids
            else:
                comodel = self.env[comodel_name]
                found = comodel.search([*domain, (comodel._rec_name, "=ilike", text)], limit=2) \
                    if comodel._rec_name else comodel
                if len(found) != 1 and text.isdigit():
                    found = comodel.search([*domain, ("id", "=", int(text))])
                cache[key] = found.ids
        ids = cache[key]
        if len(ids) != 1:
            raise RowError(self.env._("%(value)s matches %(count)s records of %(model)s",
                                      value=raw, count=len(ids), model=self.env[comodel_name]._description)
                           if ids else
                           self.env._("%(value)s: no such %(model)s", value=raw,
                                      model=self.env[comodel_name]._description))
        return ids

    def _converter(self, model, field, kind, cache):
        """A function converting one raw cell of ``field``'s column; it returns the
        value, or a _Bad holding the reason. Common cell types take a fast path."""
        slow = self._convert_cell
        required = field.required
        size = field.size if field.type == "char" else None

        def checked(raw):
            try:
                return slow(model, field, kind, raw, cache)
            except RowError as exc:
                return _Bad(str(exc))

        def empty(raw):
            return raw is None or raw == ""

        if kind in ("char", "text", "html"):
            def convert(raw):
                if raw.__class__ is str and raw and "\u3000" not in raw:
                    value = raw.strip()
                    if value and (size is None or len(value) <= size):
                        return value
                return checked(raw)
        elif kind == "integer":
            def convert(raw):
                if raw.__class__ is int and -2**31 <= raw < 2**31:
                    return raw
                return False if empty(raw) and not required else checked(raw)
        elif kind in ("float", "monetary"):
            def convert(raw):
                if raw.__class__ is float or raw.__class__ is int:
                    return raw
                return False if empty(raw) and not required else checked(raw)
        elif kind == "date":
            def convert(raw):
                if raw.__class__ is datetime.datetime:
                    return raw.date()
                return False if empty(raw) and not required else checked(raw)
        elif kind == "boolean":
            def convert(raw):
                if raw.__class__ is bool:
                    return raw
                return checked(raw)
        elif kind == "selection":
            options = {}
            for value, label in field._description_selection(self.env):
                options[value] = options[label] = value

            def convert(raw):
                value = options.get(raw) if raw.__class__ is str else None
                return value if value is not None else checked(raw)
        else:
            convert = checked
        return convert
