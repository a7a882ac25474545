import datetime
import re
from collections import defaultdict

from odoo import api, models
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import LazyTranslate

from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.convert import INT4_MAX, INT4_MIN, ConvertError, normalize_text, plain_text

_lt = LazyTranslate(__name__)

# records a link column may point to that are read before an upload, at most
PRELOAD_LIMIT = 2000


class _Bad:
    """A cell that could not be converted, and why."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class SmartDataConvert(models.AbstractModel):
    """The values of uploaded cells, converted by the shared rules of
    crm_smart_base's tools.convert (Japanese dates and eras, full-width digits,
    yes/no words, emails, phones and URLs), and links to records by name."""

    _inherit = "smart.data.io"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _field_kind(self, model, field):
        """The kind of value a field holds: email, phone and URL custom fields are
        checked and normalised like the field designer does on save; readings
        in kana (フリガナ) are normalised and checked like their forms do."""
        if field.type == "char" and field.name.startswith("x_"):
            return self.env["smart.field"]._normalized_fields(model._name).get(field.name, "char")
        if field.type == "char" and getattr(field, "kana", False):
            return "kana"  # a reading in kana, as l10n_jp_kana marks them
        return field.type

    @api.model
    def _cell_converter(self, model, field, kind, cache):
        """A function converting one raw cell of ``field``'s column with the shared
        conversion rules; it raises ConvertError. What the rules need
        from the environment (the user's time zone, the company's country, the
        choices, the records of a link read beforehand) is read now, so that the
        function may run in the upload thread."""
        required = self._cell_required(model, field)
        label = field._description_string(self.env)
        # the column is named beside the message: phones, emails and URLs do not repeat it
        options = {"label": "" if kind in ("email", "phone", "url") else label}
        if kind == "char":
            options["size"] = field.size
        elif kind == "datetime":
            options["tz"] = self.env.tz
        elif kind == "phone":
            options["region"] = self.env.company.country_id.code or "JP"
        elif kind == "selection":
            options["choices"] = convert.choice_index(
                pair for value, label in field._description_selection(self.env)
                for pair in ((value, value), (value, label)))
        elif kind in ("many2one", "many2many"):
            lookup = self._record_lookup(field, cache)
            if field.comodel_name == "smart.field.choice":
                lookup = _choice_lookup(lookup, label)

        def cell(raw):
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if required:
                    raise ConvertError(_lt("a value is required"))
                return False
            if kind == "many2one":
                return lookup(raw)
            if kind == "many2many":
                return [lookup(name) for name in re.split(r"[,、，;]", normalize_text(str(raw))) if name.strip()]
            return convert.convert(kind, raw, **options)
        return cell

    @api.model
    def _cell_required(self, model, field):
        """Whether every cell of ``field``'s column needs a value: required
        fields, and those the model's constraints require (see _required_fields)."""
        return field.required or field.name in self._required_fields(model)

    @api.model
    def _record_lookup(self, field, cache):
        """A function giving the id of the record of ``field``'s comodel a cell
        names (by name, or by id); without a query when the records were read
        beforehand (see _preload_records)."""
        comodel_name, domain = field.comodel_name, self._field_domain(field)
        preloaded = cache.get(self._records_key(comodel_name, domain))
        if not preloaded:
            return lambda raw: self._to_record(comodel_name, raw, cache, domain)[0]
        names, known = preloaded
        description = self.env[comodel_name]._description

        def lookup(raw):
            text = normalize_text(plain_text(raw))
            ids = names.get(text.casefold(), [])[:2]
            if len(ids) != 1 and text.isdigit():
                ids = [int(text)] if int(text) in known else []
            if len(ids) != 1:
                raise _record_error(raw, ids, description)
            return ids[0]
        return lookup

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
        """The ids of the records of ``comodel_name`` a cell names (by name, or by id)."""
        text = normalize_text(plain_text(raw))
        key = ("record", comodel_name, repr(domain), text.casefold())
        if key not in cache:
            comodel = self.env[comodel_name]
            found = comodel.search([*domain, (comodel._rec_name, "=ilike", text)], limit=2) \
                if comodel._rec_name else comodel
            if len(found) != 1 and text.isdigit():
                found = comodel.search([*domain, ("id", "=", int(text))])
            cache[key] = found.ids
        ids = cache[key]
        if len(ids) != 1:
            raise _record_error(raw, ids, self.env[comodel_name]._description)
        return ids

    def _converter(self, model, field, kind, cache):
        """A function converting one raw cell of ``field``'s column; it returns the
        value, or a _Bad holding the reason. Common cell types take a fast path;
        the others go through :meth:`_cell_converter`."""
        cell = self._cell_converter(model, field, kind, cache)
        translate = self.env._
        required = self._cell_required(model, field)
        size = field.size if field.type == "char" else None

        def checked(raw):
            try:
                return cell(raw)
            except ConvertError as error:
                return _Bad(translate(error.message))

        def empty(raw):
            return raw is None or raw == ""

        if kind in ("char", "text", "html"):
            to_text = convert.to_text

            def convert_cell(raw):
                if raw.__class__ is str:
                    try:
                        value = to_text(raw, size)
                    except ConvertError as error:
                        return _Bad(translate(error.message))
                    if value:
                        return value
                return checked(raw)
        elif kind == "integer":
            def convert_cell(raw):
                if raw.__class__ is int and INT4_MIN <= raw <= INT4_MAX:
                    return raw
                return False if empty(raw) and not required else checked(raw)
        elif kind in ("float", "monetary"):
            def convert_cell(raw):
                # raw - raw is 0 for every finite number, nan for inf and nan
                if raw.__class__ is int or (raw.__class__ is float and raw - raw == 0):
                    return raw
                return False if empty(raw) and not required else checked(raw)
        elif kind == "date":
            def convert_cell(raw):
                if raw.__class__ is datetime.datetime:
                    return raw.date()
                return False if empty(raw) and not required else checked(raw)
        elif kind == "boolean":
            def convert_cell(raw):
                if raw.__class__ is bool:
                    return raw
                return checked(raw)
        elif kind == "selection":
            options = {}
            for value, label in field._description_selection(self.env):
                options[value] = options[label] = value

            def convert_cell(raw):
                value = options.get(raw) if raw.__class__ is str else None
                return value if value is not None else checked(raw)
        else:
            convert_cell = checked
        return convert_cell


def _choice_lookup(lookup, label):
    """``lookup`` of the choices of a custom choice field, whose refusal names the field."""
    def choice(raw):
        try:
            return lookup(raw)
        except ConvertError:
            raise convert.choice_error(raw, label) from None
    return choice


def _record_error(raw, ids, description):
    """The error of a cell naming no record, or several, of ``description``."""
    if ids:
        return ConvertError(_lt("%(value)s matches %(count)s records of %(model)s",
                                value=raw, count=len(ids), model=description))
    return ConvertError(_lt("%(value)s: no such %(model)s", value=raw, model=description))
