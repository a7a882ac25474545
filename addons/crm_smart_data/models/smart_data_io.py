import contextlib
import csv
import datetime
import io
import itertools
import queue
import re
import threading
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import LazyTranslate

from ..tools import xlsx_stream
from odoo.addons.crm_smart_base.tools import convert, xlsx_writer
from odoo.addons.crm_smart_base.tools.convert import (
    INT4_MAX, INT4_MIN, ConvertError, normalize_text, plain_text,
)

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - declared in external_dependencies
    xlsxwriter = None

_lt = LazyTranslate(__name__)

# ORM field types the import engine writes, with the PostgreSQL type of their column
FAST_COLUMN_TYPES = {
    "char": "varchar", "text": "text", "html": "text", "integer": "int4", "float": "float8",
    "monetary": "numeric", "date": "date", "datetime": "timestamp", "boolean": "bool",
    "selection": "varchar", "many2one": "int4",
}
# distinct cell values whose conversion a column keeps, at most
MEMO_SIZE = 20000
COPY_SPECIAL = ("\\", "\t", "\n", "\r", convert.FULL_WIDTH_SPACE)
# kinds of fields whose cells convert without any query
STREAMABLE_KINDS = {"char", "text", "html", "integer", "float", "monetary", "boolean", "date", "datetime",
                    "selection", "email", "phone", "url"}
# converted batches of rows waiting for the COPY stream, at most
COPY_QUEUE_SIZE = 2
# records a link column may point to that are read before an upload, at most
PRELOAD_LIMIT = 2000
DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


def _copy_text(value):
    """A value in PostgreSQL's COPY text format."""
    if value is None or value is False:
        return "\\N"
    value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy_plain(value):
    return "\\N" if value is None or value is False else str(value)


def _copy_bool(value):
    return "t" if value else "f"


def _copy_date(value):
    return "\\N" if not value else value.isoformat()


_COPY_FORMATS = {
    "integer": _copy_plain, "float": lambda v: "\\N" if v is None or v is False else repr(float(v)),
    "monetary": lambda v: "\\N" if v is None or v is False else repr(float(v)),
    "boolean": _copy_bool, "date": _copy_date, "datetime": _copy_date, "many2one": _copy_plain,
}


class _Bad:
    """A cell that could not be converted, and why."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class SmartDataIo(models.AbstractModel):
    """Upload, download, cross-tab and conversion engine shared by customers
    and Smart CRM databases: every target model goes through these methods."""

    _name = "smart.data.io"
    _description = "Smart CRM data upload and download engine"

    # ------------------------------------------------------------------
    # Targets
    # ------------------------------------------------------------------

    @api.model
    def _allowed_models(self):
        """Models whose data may be uploaded, downloaded and drawn from: the
        models Smart CRM fields can be added to."""
        return set(self.env["smart.field"]._allowed_target_models())

    @api.model
    def _check_target(self, model_name, operation):
        if model_name not in self._allowed_models() or model_name not in self.env:
            raise UserError(self.env._("Model %s cannot be used with Smart CRM data tools.", model_name))
        model = self.env[model_name]
        model.check_access(operation)
        return model

    @api.model
    def _importable_fields(self, model):
        """Fields a user may map a column to: stored, writable, not technical."""
        result = {}
        for name, field in model._fields.items():
            if (not field.store or (field.compute and not field.inverse) or (field.readonly and not field.inverse)
                    or name in models.MAGIC_COLUMNS or name in ("id", "display_name", "active")
                    or field.type not in {*FAST_COLUMN_TYPES, "many2many"}):
                continue
            if not model._has_field_access(field, "write"):
                continue
            result[name] = field
        return result

    # ------------------------------------------------------------------
    # Reading files
    # ------------------------------------------------------------------

    @api.model
    def _read_rows(self, content, filename, encoding="auto"):
        """Yields the rows (lists of cell values) of an XLSX or CSV file, header first."""
        name = (filename or "").lower()
        if name.endswith((".xlsx", ".xlsm")):
            try:
                yield from xlsx_stream.iter_rows(io.BytesIO(content))
            except (xlsx_stream.XlsxError, ValueError, KeyError) as exc:
                raise UserError(self.env._("The file is not a readable XLSX workbook: %s", exc)) from exc
            return
        if not name.endswith((".csv", ".txt")):
            raise UserError(self.env._("Upload an XLSX or CSV file (got %s).", filename or self.env._("no name")))
        text = self._decode(content, encoding)
        yield from csv.reader(io.StringIO(text, newline=""))

    @api.model
    def _read_blocks(self, content, filename, encoding="auto", size=5000):
        """Yields the non-empty rows of an XLSX or CSV file as blocks of columns
        (:class:`xlsx_stream.Block`), the first row of the file in a block of its own."""
        if (filename or "").lower().endswith((".xlsx", ".xlsm")):
            try:
                yield from xlsx_stream.iter_blocks(io.BytesIO(content), size)
            except (xlsx_stream.XlsxError, ValueError, KeyError) as exc:
                raise UserError(self.env._("The file is not a readable XLSX workbook: %s", exc)) from exc
            return
        numbers, rows = [], []
        for number, row in enumerate(self._read_rows(content, filename, encoding), start=1):
            if not row or row.count("") == len(row):
                continue
            numbers.append(number)
            rows.append(row)
            if number == 1 or len(rows) >= size:
                yield xlsx_stream.Block.from_rows(numbers, rows, "text")
                numbers, rows = [], []
        if rows:
            yield xlsx_stream.Block.from_rows(numbers, rows, "text")

    @api.model
    def _decode(self, content, encoding):
        candidates = ["utf-8-sig", "cp932"] if encoding in (None, "", "auto") else [encoding]
        for candidate in candidates:
            try:
                return content.decode(candidate)
            except (UnicodeDecodeError, LookupError):
                continue
        raise UserError(self.env._("The CSV file is neither UTF-8 nor Shift_JIS; save it in one of them."))

    # ------------------------------------------------------------------
    # Mapping
    # ------------------------------------------------------------------

    @api.model
    def _guess_mapping(self, model, headers):
        """{column index: field name} matching headers to field labels or names."""
        fields_ = self._importable_fields(model)
        by_key = {}
        for name, field in fields_.items():
            labels = {field.string, field._description_string(self.env), name}
            for label in labels:
                by_key.setdefault(normalize_text(label).casefold(), name)
        mapping = {}
        for index, header in enumerate(headers):
            key = normalize_text(str(header) if header is not None else "").casefold()
            if key and key in by_key and by_key[key] not in mapping.values():
                mapping[index] = by_key[key]
        return mapping

    # ------------------------------------------------------------------
    # Converting one cell
    # ------------------------------------------------------------------

    @api.model
    def _field_kind(self, model, field):
        """The kind of value a field holds: email, phone and URL custom fields are
        checked and normalised like the field designer does on save."""
        if field.type == "char" and field.name.startswith("x_"):
            return self.env["smart.field"]._normalized_fields(model._name).get(field.name, "char")
        return field.type

    @api.model
    def _cell_converter(self, model, field, kind, cache):
        """A function converting one raw cell of ``field``'s column with the shared
        conversion rules; it raises ConvertError. What the rules need
        from the environment (the user's time zone, the company's country, the
        choices, the records of a link read beforehand) is read now, so that the
        function may run in the upload thread."""
        required = field.required
        options = {"label": field._description_string(self.env)}
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

    # ------------------------------------------------------------------
    # Importing
    # ------------------------------------------------------------------

    @api.model
    def import_file(self, model_name, content, filename, mapping=None, mode="all", key_field=None,
                    encoding="auto", header_row=True, max_errors=500):
        """Import an XLSX/CSV file into ``model_name``.

        :param mapping: {column index: field name}; guessed from the headers when not given
        :param mode: ``all`` (one bad row → nothing written) or ``valid`` (write the valid
            rows, return the rejected ones as an XLSX file)
        :param key_field: update the records whose ``key_field`` equals the row's value
        :returns: dict(created, updated, errors: [(row, column, message)], rejected_file)
        """
        model = self._check_target(model_name, "create")
        if key_field:
            model.check_access("write")
        if mode not in ("all", "valid"):
            raise UserError(self.env._("Unknown import mode %s.", mode))
        blocks = self._read_blocks(content, filename, encoding)
        headers = None
        if header_row:
            first = next(blocks, None)
            if first is None:
                raise UserError(self.env._("The file is empty."))
            if first.numbers[0] == 1:
                headers = first.row(0)
                first = first.take(range(1, len(first)))
            else:  # the first row is empty
                headers = []
            blocks = itertools.chain([first], blocks)
        if mapping is None:
            mapping = self._guess_mapping(model, headers or [])
        mapping = {int(k): v for k, v in mapping.items() if v}
        importable = self._importable_fields(model)
        unknown = [name for name in mapping.values() if name not in importable]
        if unknown:
            raise UserError(self.env._("These fields cannot be imported: %s", ", ".join(unknown)))
        if not mapping:
            raise UserError(self.env._("No column matches a field; map the columns to fields first."))
        if key_field and key_field not in mapping.values():
            raise UserError(self.env._("The key field %s is not among the mapped columns.", key_field))
        missing = [f.string for name, f in importable.items() if f.required and f.default is None
                   and name not in mapping.values() and not key_field]
        if missing:
            raise UserError(self.env._("Required fields have no column: %s", ", ".join(missing)))

        header_labels = [str(h) if h is not None else "" for h in (headers or [])]
        columns = sorted(mapping)
        field_objs = [importable[mapping[c]] for c in columns]
        key_index = [f.name for f in field_objs].index(key_field) if key_field else None
        fast = self._fast_path(model, field_objs)
        # new rows of plain manual models go to the database as COPY text, converted
        # column by column straight from the file's cells
        copy = fast and key_index is None
        cache = {}
        kinds = [self._field_kind(model, f) for f in field_objs]
        converters = [self._column_converter(model, f, kind, cache, copy) for f, kind in zip(field_objs, kinds)]
        labels = [header_labels[c] if c < len(header_labels) else str(c + 1) for c in columns]
        writer = _RejectWriter(self.env, header_labels) if mode == "valid" else None
        result = {"created": 0, "updated": 0, "errors": [], "rejected_file": False, "rejected_count": 0}

        def batches():
            """The valid rows of each block, converted column by column."""
            for block in blocks:
                numbers = block.numbers
                if not numbers:
                    continue
                values = []
                bad_rows = {}
                for column, convert, label in zip(columns, converters, labels):
                    converted, bad = convert(*block.column(column))
                    for i, message in bad.items():
                        bad_rows.setdefault(i, []).append((numbers[i], label, message))
                    values.append(converted)
                if bad_rows:
                    for i, row_errors in sorted(bad_rows.items()):
                        if len(result["errors"]) < max_errors:
                            result["errors"].extend(row_errors)
                        if writer:
                            writer.add(block.row(i), "; ".join(f"{col}: {msg}" for _r, col, msg in row_errors))
                            result["rejected_count"] += 1
                    keep = [i for i in range(len(block)) if i not in bad_rows]
                    values = [[column[i] for i in keep] for column in values]
                if mode == "all" and result["errors"]:
                    continue  # keep checking the rest of the file, but write nothing
                if values and values[0]:
                    yield values

        with self.env.cr.savepoint() as savepoint:
            if copy:
                self._copy_batches(model, field_objs, kinds, cache, batches(), result)
            else:
                for values in batches():
                    self._write_batch(model, field_objs, values, key_index, fast, result)
            if mode == "all" and result["errors"]:
                savepoint.rollback()
                result["created"] = result["updated"] = 0
        model.invalidate_model()
        if writer and result["rejected_count"]:
            result["rejected_file"] = writer.close()
        return result

    def _copy_batches(self, model, field_objs, kinds, cache, batches, result):
        """Inserts batches of rows given as COPY text column by column, one COPY
        per batch. When converting the cells needs no query, a second thread
        converts the next batches while this one writes, so that reading the
        file and writing the rows overlap."""
        layout = self._copy_layout(model, field_objs)
        if not self._copy_streamable(field_objs, kinds, cache):
            for values in batches:
                self._copy_insert(model, layout, values)
                result["created"] += len(values[0])
            return
        chunks = queue.Queue(maxsize=COPY_QUEUE_SIZE)
        stop = threading.Event()
        failure = []

        def produce():
            try:
                for values in batches:
                    if stop.is_set():
                        return
                    result["created"] += len(values[0])
                    chunks.put(self._copy_text(layout, values))
            except BaseException as exc:  # noqa: BLE001 - raised again by the caller's thread
                failure.append(exc)
            finally:
                chunks.put(b"")

        producer = threading.Thread(target=produce, name="smart-upload", daemon=True)
        producer.start()
        try:
            # one COPY per batch: the database server checks the links of a batch's
            # rows (foreign keys) when its COPY ends, while the next rows are converted
            for chunk in iter(chunks.get, b""):
                self._copy_from(model, layout[0], _CopyReader(iter([chunk])))
        finally:
            stop.set()
            while producer.is_alive():  # let a producer waiting on a full queue end
                with contextlib.suppress(queue.Empty):
                    chunks.get(timeout=0.1)
            producer.join()
        if failure:
            raise failure[0]

    @api.model
    def _copy_streamable(self, field_objs, kinds, cache):
        """Whether converting the cells of these fields needs no query (none may
        run while a COPY is under way): links need the records they may point to
        read beforehand (see _preload_records). What the other conversions need
        from the database was read when their converters were made (see
        _cell_converter), but for the language of the messages of rejected cells."""
        for field, kind in zip(field_objs, kinds):
            if kind == "many2one":
                if self._records_key(field.comodel_name, self._field_domain(field)) not in cache:
                    return False
            elif kind not in STREAMABLE_KINDS:
                return False
        self.env.lang  # noqa: B018 - cached for the messages of rejected cells
        return True

    def _column_converter(self, model, field, kind, cache, copy):
        """A function converting a column of a block, given as (kind of the
        block's column, values): it returns the converted values (as COPY text
        when ``copy``) and {position: reason} of the cells that cannot be converted.

        Columns of text, whole or decimal numbers that need no change are checked
        at once; other columns convert each distinct value once."""
        if kind == "many2one" and copy:
            self._preload_records(field, cache)
        convert_cell = self._converter(model, field, kind, cache)
        text_format = _COPY_FORMATS.get(field.type, _copy_text) if copy else None
        size = field.size if field.type == "char" else None
        memos = defaultdict(dict)
        bad_keys = defaultdict(set)  # keys of the memo whose value is a _Bad

        def each(block_kind, values):
            converted = list(map(convert_cell, xlsx_stream.python_values(block_kind, values)))
            bad = {}
            if _Bad in set(map(type, converted)):
                bad = {i: value.message for i, value in enumerate(converted) if type(value) is _Bad}
                for i in bad:
                    converted[i] = False
            return (list(map(text_format, converted)) if copy else converted), bad

        def memoised(block_kind, values):
            memo, bad_memo = memos[block_kind], bad_keys[block_kind]
            # Python values are told apart by type too (1, 1.0 and True are equal keys)
            keys = values if block_kind != "value" else list(zip(map(type, values), values))
            distinct = set(keys)
            if len(memo) + len(distinct) > MEMO_SIZE:
                memo.clear()
                bad_memo.clear()
            for key in distinct.difference(memo):
                raw = key[1] if block_kind == "value" else key
                value = convert_cell(xlsx_stream.python_values(block_kind, [raw])[0])
                if type(value) is _Bad:
                    bad_memo.add(key)
                elif copy:
                    value = text_format(value)
                memo[key] = value
            converted = list(map(memo.__getitem__, keys))
            bad = {}
            if bad_memo and not bad_memo.isdisjoint(distinct):
                bad = {i: value.message for i, value in enumerate(converted) if type(value) is _Bad}
            return converted, bad

        if kind in ("char", "text", "html"):
            def column(block_kind, values):
                if copy and block_kind == "text":
                    stripped = list(map(str.strip, values))
                    joined = "".join(values)
                    if (all(stripped) and not any(special in joined for special in COPY_SPECIAL)
                            and (size is None or max(map(len, stripped)) <= size)):
                        return stripped, {}
                return memoised(block_kind, values) if block_kind in ("number", "date", "bool") else each(
                    block_kind, values)
            return column
        if kind == "integer" and copy:
            def column(block_kind, values):
                if block_kind == "number" and convert.INTEGER_COLUMN_RE.fullmatch("\n".join(values) + "\n"):
                    return values, {}
                return memoised(block_kind, values)
            return column
        if kind in ("float", "monetary") and copy:
            def column(block_kind, values):
                if block_kind == "number" and convert.DECIMAL_COLUMN_RE.fullmatch("\n".join(values) + "\n"):
                    return values, {}
                return memoised(block_kind, values)
            return column
        return memoised

    def _converter(self, model, field, kind, cache):
        """A function converting one raw cell of ``field``'s column; it returns the
        value, or a _Bad holding the reason. Common cell types take a fast path;
        the others go through :meth:`_cell_converter`."""
        cell = self._cell_converter(model, field, kind, cache)
        translate = self.env._
        required = field.required
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

    def _write_batch(self, model, field_objs, values, key_index, fast, result):
        """Writes one chunk given column by column (values[i] holds field_objs[i])."""
        count = len(values[0])
        existing = {}
        if key_index is not None:
            key_field = field_objs[key_index]
            keys = list({key for key in values[key_index] if key not in (False, None)})
            for record in model.search_fetch([(key_field.name, "in", keys)], [key_field.name]):
                existing.setdefault(record[key_field.name], record.id)
        record_ids = [existing.get(key) for key in values[key_index]] if existing else [None] * count
        create_idx = [i for i in range(count) if not record_ids[i]]
        update_idx = [i for i in range(count) if record_ids[i]]
        if create_idx:
            columns = values if len(create_idx) == count else [[col[i] for i in create_idx] for col in values]
            if fast:
                self._sql_insert(model, field_objs, columns)
            else:
                model.with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True).create(
                    [self._vals(field_objs, columns, i) for i in range(len(create_idx))])
            result["created"] += len(create_idx)
        if update_idx:
            columns = [[col[i] for i in update_idx] for col in values]
            ids = [record_ids[i] for i in update_idx]
            if fast:
                self._sql_update(model, field_objs, ids, columns)
            else:
                for position, record_id in enumerate(ids):
                    model.browse(record_id).with_context(tracking_disable=True).write(
                        self._vals(field_objs, columns, position))
            result["updated"] += len(update_idx)

    def _vals(self, field_objs, columns, position):
        vals = {}
        for field, column in zip(field_objs, columns):
            value = column[position]
            if field.type == "many2many":
                value = [fields.Command.set(value or [])]
            vals[field.name] = value
        return vals

    @api.model
    def _fast_path(self, model, field_objs):
        """Manual (x_) models whose mapped fields are plain columns are written with
        one INSERT per chunk; everything else goes through the ORM."""
        if not model._name.startswith("x_") or model._abstract or model._transient:
            return False
        for field in field_objs:
            if field.type not in FAST_COLUMN_TYPES or field.translate or field.company_dependent:
                return False
            if any(dependent.store for dependent in model.pool.get_dependent_fields(field)):
                return False
        stored_computed = [f for f in model._fields.values() if f.store and f.compute]
        return not stored_computed

    def _sql_insert(self, model, field_objs, columns):
        """Inserts one chunk of converted values with COPY."""
        self._copy_insert(model, self._copy_layout(model, field_objs), [
            list(map(_COPY_FORMATS.get(f.type, _copy_text), column)) for f, column in zip(field_objs, columns)])

    def _copy_layout(self, model, field_objs):
        """(columns, end of line) of the COPY rows of ``field_objs``: the mapped
        columns, then the defaults and the log columns, the same text on every row."""
        mapped = {f.name for f in field_objs}
        defaults = model.default_get([name for name, f in model._fields.items()
                                      if f.store and f.column_type and f.type in FAST_COLUMN_TYPES
                                      and name not in models.MAGIC_COLUMNS and name not in mapped])
        default_fields = [model._fields[name] for name in defaults]
        constants = [_COPY_FORMATS.get(f.type, _copy_text)(defaults[f.name]) for f in default_fields]
        constants += [str(self.env.uid)] * 2 + [fields.Datetime.now().isoformat()] * 2
        names = [f.name for f in [*field_objs, *default_fields]] + ["create_uid", "write_uid", "create_date",
                                                                    "write_date"]
        return names, "".join(f"\t{text}" for text in constants) + "\n"

    def _copy_insert(self, model, layout, texts):
        """Inserts rows given column by column as COPY text (see _copy_layout)."""
        self._copy_from(model, layout[0], io.BytesIO(self._copy_text(layout, texts)))

    @staticmethod
    def _copy_text(layout, texts):
        """The COPY input (bytes) of rows given column by column as COPY text."""
        end = layout[1]
        return (end.join(map("\t".join, zip(*texts))) + end).encode()

    def _copy_from(self, model, names, stream):
        self.env.flush_all()
        # COPY does not work with an asynchronous wait callback (as in Odoo's own use of copy_from)
        callback = psycopg2.extensions.get_wait_callback()
        psycopg2.extensions.set_wait_callback(None)
        try:
            self.env.cr.copy_from(stream, model._table, columns=names, null="\\N")
        finally:
            psycopg2.extensions.set_wait_callback(callback)

    def _sql_update(self, model, field_objs, ids, columns):
        arrays = [[None if v is False else v for v in column] for column in columns]
        aliases = [f"c{i}" for i in range(len(field_objs))]
        self.env.cr.execute(SQL(
            "UPDATE %s AS t SET %s, write_uid = %s, write_date = %s FROM unnest(%s::int4[], %s) AS v(id, %s) "
            "WHERE t.id = v.id",
            SQL.identifier(model._table),
            SQL(", ").join(SQL("%s = v.%s", SQL.identifier(f.name), SQL.identifier(alias))
                           for f, alias in zip(field_objs, aliases)),
            self.env.uid, fields.Datetime.now(), ids,
            SQL(", ").join(SQL("%s::%s", array, SQL(f"{FAST_COLUMN_TYPES[f.type]}[]"))
                           for array, f in zip(arrays, field_objs)),
            SQL(", ").join(SQL.identifier(alias) for alias in aliases),
        ))

    # ------------------------------------------------------------------
    # Downloading
    # ------------------------------------------------------------------

    @api.model
    def export_xlsx(self, model_name, domain=None, field_names=None, ids=None):
        """An XLSX file (bytes) of the records matching ``domain`` (or ``ids``): typed
        cells, styled and frozen header row, autofilter and column widths."""
        if xlsxwriter is None:
            raise UserError(self.env._("Writing XLSX files needs the Python package xlsxwriter."))
        model = self._check_target(model_name, "read")
        field_names = field_names or self._default_export_fields(model)
        fields_ = [model._fields[name] for name in field_names]
        for field in fields_:
            if not model._has_field_access(field, "read"):
                raise AccessError(self.env._("You are not allowed to read the field %s.", field.string))
        records = model.browse(ids).exists() if ids is not None else model.search(domain or [])
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": True})
        sheet = book.add_worksheet((model._description or model._name)[:31])
        formats = xlsx_writer.formats(book)
        widths = [max(8, min(60, len(field.string) * 2 + 2)) for field in fields_]
        for col, field in enumerate(fields_):
            sheet.write_string(0, col, field._description_string(self.env), formats["header"])
        row = 0
        for chunk in _chunks(records, 1000):
            chunk.fetch(field_names)
            for record in chunk:
                row += 1
                for col, field in enumerate(fields_):
                    width = xlsx_writer.write_record_cell(sheet, row, col, record, field, formats)
                    widths[col] = max(widths[col], min(60, width))
            chunk.invalidate_recordset()
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        if fields_:
            sheet.autofilter(0, 0, max(row, 1), len(fields_) - 1)
        book.close()
        return output.getvalue()

    @api.model
    def export_csv(self, model_name, domain=None, field_names=None, ids=None, encoding="utf-8-sig"):
        """A CSV file (bytes, UTF-8 with BOM for Excel by default, or Shift_JIS)."""
        model = self._check_target(model_name, "read")
        field_names = field_names or self._default_export_fields(model)
        records = model.browse(ids).exists() if ids is not None else model.search(domain or [])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([model._fields[name]._description_string(self.env) for name in field_names])
        for chunk in _chunks(records, 1000):
            for record in chunk:
                writer.writerow([xlsx_writer.display_value(record, model._fields[name]) for name in field_names])
        return buffer.getvalue().encode(encoding, errors="replace")

    @api.model
    def _default_export_fields(self, model):
        names = ["display_name"] if "display_name" in model._fields else []
        return names + [name for name in self._importable_fields(model) if name != "display_name"]

    # ------------------------------------------------------------------
    # Cross-tab
    # ------------------------------------------------------------------

    @api.model
    def crosstab(self, model_name, row_field, col_field, measure="count", measure_field=None, domain=None,
                 granularity="month"):
        """Rows × columns × measure with totals, computed in the database.

        :param measure: count, sum or avg (of ``measure_field``)
        :param granularity: year, month or day, for date rows and columns
        :returns: dict(rows: [labels], cols: [labels], cells: {row: {col: value}},
                  row_totals, col_totals, total)
        """
        model = self._check_target(model_name, "read")
        if measure not in ("count", "sum", "avg"):
            raise UserError(self.env._("The measure must be count, sum or average."))
        for name in (row_field, col_field):
            field = model._fields.get(name)
            if not field or not field.store or field.type in ("text", "html", "binary", "one2many", "many2many"):
                raise UserError(self.env._("%s cannot be used as rows or columns.", name))
        if measure != "count":
            field = model._fields.get(measure_field or "")
            if not field or field.type not in ("integer", "float", "monetary") or not field.store:
                raise UserError(self.env._("Sum and average need a stored numeric field."))
        if granularity not in DATE_FORMATS:
            raise UserError(self.env._("Dates are grouped by year, month or day."))
        aggregate = "__count" if measure == "count" else f"{measure_field}:{measure}"
        domain = domain or []

        def spec(field_name):
            if model._fields[field_name].type in ("date", "datetime"):
                return f"{field_name}:{granularity}"
            return field_name

        def label(field_name, value):
            field = model._fields[field_name]
            if field.type == "boolean":
                return self.env._("Yes") if value else self.env._("No")
            if value is False or value is None or (hasattr(value, "_name") and not value):
                return self.env._("(empty)")
            if hasattr(value, "_name"):
                return value.display_name
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, value)
            if field.type == "boolean":
                return self.env._("Yes") if value else self.env._("No")
            if field.type in ("date", "datetime"):
                return value.strftime(DATE_FORMATS[granularity])
            return value

        cells, rows, cols = {}, [], []
        for row_value, col_value, value in model._read_group(domain, [spec(row_field), spec(col_field)], [aggregate]):
            row_label, col_label = label(row_field, row_value), label(col_field, col_value)
            if row_label not in rows:
                rows.append(row_label)
            if col_label not in cols:
                cols.append(col_label)
            cells.setdefault(row_label, {})[col_label] = value or 0
        row_totals = {label(row_field, v): total or 0 for v, total in model._read_group(domain, [spec(row_field)], [aggregate])}
        col_totals = {label(col_field, v): total or 0 for v, total in model._read_group(domain, [spec(col_field)], [aggregate])}
        [[total]] = model._read_group(domain, [], [aggregate])
        return {"rows": rows, "cols": cols, "cells": cells, "row_totals": row_totals,
                "col_totals": col_totals, "total": total or 0, "measure": measure}

    @api.model
    def crosstab_xlsx(self, model_name, row_field, col_field, measure="count", measure_field=None, domain=None):
        """The cross-tab as a formatted XLSX file (bytes)."""
        model = self._check_target(model_name, "read")
        data = self.crosstab(model_name, row_field, col_field, measure, measure_field, domain)
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Cross-tab"))
        formats = xlsx_writer.formats(book)
        number = formats["float"] if measure == "avg" else formats["integer"]
        total_fmt = book.add_format({"bold": True, "bg_color": "#EEF3F8", "border": 1,
                                     "num_format": "#,##0.00" if measure == "avg" else "#,##0"})
        corner = f"{model._fields[row_field].string} \\ {model._fields[col_field].string}"
        sheet.write_string(0, 0, corner, formats["header"])
        for j, col in enumerate(data["cols"], start=1):
            sheet.write_string(0, j, str(col), formats["header"])
        sheet.write_string(0, len(data["cols"]) + 1, self.env._("Total"), formats["header"])
        for i, row in enumerate(data["rows"], start=1):
            sheet.write_string(i, 0, str(row), formats["header"])
            for j, col in enumerate(data["cols"], start=1):
                sheet.write_number(i, j, data["cells"].get(row, {}).get(col, 0), number)
            sheet.write_number(i, len(data["cols"]) + 1, data["row_totals"].get(row, 0), total_fmt)
        last = len(data["rows"]) + 1
        sheet.write_string(last, 0, self.env._("Total"), formats["header"])
        for j, col in enumerate(data["cols"], start=1):
            sheet.write_number(last, j, data["col_totals"].get(col, 0), total_fmt)
        sheet.write_number(last, len(data["cols"]) + 1, data["total"], total_fmt)
        sheet.set_column(0, 0, max(12, min(40, max((len(str(r)) * 2 for r in data["rows"]), default=10))))
        sheet.set_column(1, len(data["cols"]) + 1, 14)
        sheet.freeze_panes(1, 1)
        book.close()
        return output.getvalue()


def _record_error(raw, ids, description):
    """The error of a cell naming no record, or several, of ``description``."""
    if ids:
        return ConvertError(_lt("%(value)s matches %(count)s records of %(model)s",
                                value=raw, count=len(ids), model=description))
    return ConvertError(_lt("%(value)s: no such %(model)s", value=raw, model=description))


# ----------------------------------------------------------------------
# XLSX helpers
# ----------------------------------------------------------------------

def _chunks(records, size):
    for start in range(0, len(records), size):
        yield records[start:start + size]


class _CopyReader:
    """A file for cursor.copy_from that reads the chunks of a generator."""

    def __init__(self, chunks):
        self.chunks = chunks
        self.read = self.readline = self._next_chunk  # what copy_from calls

    def _next_chunk(self, size=-1):
        return next(self.chunks, b"")


class _RejectWriter:
    """Rejected rows of an import, written as they come into an XLSX file."""

    def __init__(self, env, headers):
        self.output = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.output, {"in_memory": True, "constant_memory": True})
        self.sheet = self.book.add_worksheet(env._("Rejected rows"))
        header = self.book.add_format({"bold": True, "bg_color": "#C0392B", "font_color": "#FFFFFF"})
        self.row = 0
        for col, text in enumerate([*headers, env._("Reason")]):
            self.sheet.write_string(0, col, str(text), header)
        self.width = len(headers)
        self.counts = defaultdict(int)

    def add(self, values, reason):
        self.row += 1
        for col in range(self.width):
            value = values[col] if col < len(values) else None
            if value is None:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value)
            elif isinstance(value, datetime.datetime):
                self.sheet.write_string(self.row, col, value.isoformat(sep=" "))
            elif isinstance(value, datetime.date):
                self.sheet.write_string(self.row, col, value.isoformat())
            else:
                self.sheet.write_string(self.row, col, str(value))
        self.sheet.write_string(self.row, self.width, reason)

    def close(self):
        self.sheet.freeze_panes(1, 0)
        self.book.close()
        return self.output.getvalue()
