import base64
import codecs
import csv
import io
import itertools
import logging
import re
from collections import Counter, defaultdict

import psycopg2.errors
from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import pg_copy, xlsx_reader
from .smart_data_convert import _Bad
from .smart_data_io import FAST_COLUMN_TYPES
from .smart_field_target_mixin import UPLOAD_DEFAULTS
from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.convert import normalize_text
from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook

_logger = logging.getLogger(__name__)

# distinct cell values whose conversion a column keeps from one block of rows
# to the next, at most (the values of a block are converted once each anyway)
MEMO_SIZE = 4096
# limits of an upload: {name: (system parameter, default, multiplier)}, set in Settings
UPLOAD_LIMITS = {
    "part_size": ("crm_smart_data.upload_max_part_mb", 200, 1 << 20),
    "file_size": ("crm_smart_data.upload_max_file_mb", 500, 1 << 20),
    "rows": ("crm_smart_data.upload_max_rows", 1_000_000, 1),
    "columns": ("crm_smart_data.upload_max_columns", 500, 1),
    "cell_length": ("crm_smart_data.upload_max_cell_length", 32767, 1),
    "seconds": ("crm_smart_data.upload_max_seconds", 600, 1),
}
# characters of a CSV file that did not decode (kept as surrogates), and Japanese text
NOT_DECODED_RE = re.compile("[\udc80-\udcff]")
JAPANESE_RE = re.compile("[\u3000-\u9fff\uff00-\uffef]")
# rows written at a time through the ORM or with SQL updates (the records of
# a batch are in the cache until it is written)
WRITE_BATCH = 1000
# ranges of ids an upload's result keeps of the records it wrote, at most (see _upload)
MAX_RECORD_RANGES = 200
# commands of a default's linked records that records can share (no record made)
SHARED_COMMANDS = (fields.Command.LINK, fields.Command.CLEAR, fields.Command.SET)
# how long an upload waits for the statistics lock of its table (see _refresh_statistics):
# longer than PostgreSQL's deadlock_timeout (1 s by default), after which
# PostgreSQL cancels an autovacuum of the table that holds it
ANALYZE_LOCK_TIMEOUT = "1500ms"
# bytes of a CSV file decoded at a time
DECODE_CHUNK = 1 << 16
# kinds of fields whose cells convert without any query
STREAMABLE_KINDS = {"char", "text", "html", "integer", "float", "monetary", "boolean", "date", "datetime",
                    "selection", "email", "phone", "url", "kana"}
# headers of a column of kana readings (フリガナ), besides the field's label
KANA_HEADERS = ("フリガナ", "ふりがな", "カナ", "かな", "Furigana", "Kana")


class SmartDataUpload(models.AbstractModel):
    """Uploads of XLSX and CSV files: reading the rows, mapping columns to
    fields, converting the cells (smart_data_convert.py) and writing the rows,
    with COPY and SQL into manual (x_) models such as Smart CRM databases and
    through the ORM elsewhere."""

    _inherit = "smart.data.io"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Reading files
    # ------------------------------------------------------------------

    @api.model
    def _upload_limits(self):
        """The limits of one upload (see xlsx_reader.limits), from the settings."""
        get = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for name, (key, default, scale) in UPLOAD_LIMITS.items():
            try:
                value = int(get(key, default))
            except ValueError:
                value = default
            values[name] = (value if value > 0 else default) * scale
        return xlsx_reader.Limits(**values)

    @api.model
    def _limit_error(self, exc):
        """The user's message for a limit passed while reading a file."""
        if exc.limit == "nul":
            return self.env._("%s holds a NUL character, which no text may hold; remove it and upload the file again.",
                     self._row_label(exc.row))
        if exc.limit == "row_size":
            limits = self._upload_limits()
            return self.env._("A row or a text of the file is longer than %(columns)s columns of %(length)s characters "
                     "may be (settings Maximum columns and Maximum cell length).",
                     columns=limits.columns, length=limits.cell_length)
        messages = {
            "part_size": self.env._("A part of the workbook is larger than %(value)s MB once uncompressed "
                           "(setting Maximum size of a part)."),
            "file_size": self.env._("The file is larger than %(value)s MB once uncompressed (setting Maximum size of a file)."),
            "rows": self.env._("The file has more than %(value)s rows (setting Maximum rows)."),
            "columns": self.env._("The file has more than %(value)s columns (setting Maximum columns)."),
            "cell_length": self.env._("A cell holds more than %(value)s characters (setting Maximum cell length)."),
            "seconds": self.env._("Reading the file took more than %(value)s seconds (setting Maximum upload time)."),
        }
        scale = UPLOAD_LIMITS[exc.limit][2]
        message = messages[exc.limit] % {"value": exc.value // scale}
        if exc.row:
            message = self.env._("%(row)s: %(message)s", row=self._row_label(exc.row), message=message)
        return message

    @api.model
    def _reading_error(self, exc):
        """A UserError for an XLSX file that cannot be read."""
        if isinstance(exc, xlsx_reader.LimitError):
            return UserError(self._limit_error(exc))
        if isinstance(exc, xlsx_reader.UnsafeXmlError):
            return UserError(self.env._(
                "The file declares XML entities or a document type, which no workbook needs: it is refused."))
        return UserError(self.env._("The file is not a readable XLSX workbook: %s", exc))

    @api.model
    def _read_rows(self, content, filename, encoding="auto", limits=None):
        """Yields the rows (lists of cell values) of an XLSX or CSV file, header first."""
        limits = limits or self._upload_limits()
        name = (filename or "").lower()
        if name.endswith((".xlsx", ".xlsm")):
            try:
                for number, row in enumerate(xlsx_reader.iter_rows(io.BytesIO(content), limits), start=1):
                    limits.check_row(number, row)
                    yield row
            except (xlsx_reader.XlsxError, etree.LxmlError, ValueError, KeyError) as exc:
                raise self._reading_error(exc) from exc
            return
        if not name.endswith((".csv", ".txt")):
            raise UserError(self.env._("Upload an XLSX or CSV file (got %s).", filename or self.env._("no name")))
        if len(content) > limits.file_size:
            raise UserError(self._limit_error(xlsx_reader.LimitError("file_size", limits.file_size)))
        # the file is decoded as the rows are read, never whole: memory stays flat
        rows = _csv_rows(content, self._csv_encoding(content, encoding))
        number = 0
        try:
            for number, row in enumerate(rows, start=1):
                limits.check_row(number, row)
                yield row
        except xlsx_reader.LimitError as exc:
            raise UserError(self._limit_error(exc)) from exc
        except csv.Error as exc:  # a cell longer than the csv module reads
            raise UserError(self._limit_error(xlsx_reader.LimitError("cell_length", limits.cell_length,
                                                                     number + 1))) from exc

    @api.model
    def _read_blocks(self, content, filename, encoding="auto", size=5000):
        """Yields the non-empty rows of an XLSX or CSV file as blocks of columns
        (:class:`xlsx_reader.Block`), the first row of the file in a block of its own."""
        limits = self._upload_limits()
        if (filename or "").lower().endswith((".xlsx", ".xlsm")):
            try:
                for block in xlsx_reader.iter_blocks(io.BytesIO(content), size, limits):
                    limits.check_block(block)
                    yield block
            except (xlsx_reader.XlsxError, etree.LxmlError, ValueError, KeyError) as exc:
                raise self._reading_error(exc) from exc
            return
        numbers, rows = [], []
        for number, row in enumerate(self._read_rows(content, filename, encoding, limits), start=1):
            if not row or row.count("") == len(row):
                continue
            numbers.append(number)
            rows.append(row)
            if number == 1 or len(rows) >= size:
                yield xlsx_reader.Block.from_rows(numbers, rows, "text")
                numbers, rows = [], []
        if rows:
            yield xlsx_reader.Block.from_rows(numbers, rows, "text")

    @api.model
    def _data_blocks(self, content, filename, encoding, header_row):
        """(headers, blocks of the rows below them) of a file; headers are None
        without a header row, empty when the first row is empty."""
        blocks = self._read_blocks(content, filename, encoding)
        if not header_row:
            return None, blocks
        first = next(blocks, None)
        if first is None:
            raise UserError(self.env._("The file is empty."))
        if first.numbers[0] != 1:  # the first row is empty
            return [], itertools.chain([first], blocks)
        return first.row(0), itertools.chain([first.take(range(1, len(first)))], blocks)

    @api.model
    def _row_count_hint(self, content, filename):
        """About how many rows a file holds (for the progress of an upload):
        the lines of a CSV file, the dimension an XLSX sheet declares, or 0."""
        if (filename or "").lower().endswith((".xlsx", ".xlsm")):
            try:
                return xlsx_reader.row_count_hint(io.BytesIO(content), self._upload_limits())
            except (xlsx_reader.XlsxError, etree.LxmlError, ValueError, KeyError):
                return 0
        return content.count(b"\n") + (not content.endswith(b"\n"))

    @api.model
    def _csv_encoding(self, content, encoding):
        """The encoding of a CSV file, checked strictly: UTF-8 or Shift_JIS when
        ``encoding`` is auto. A file mixing them, or holding bytes that are
        neither, is refused with the first row that does not decode. The file
        is decoded a chunk at a time and the text dropped: only the reader of
        the rows keeps a part of it, so memory does not grow with the file."""
        auto = encoding in (None, "", "auto")
        candidates = ["utf-8-sig", "cp932"] if auto else [encoding]
        try:
            codecs.lookup(candidates[0])
        except LookupError:
            raise UserError(self.env._("Unknown encoding %s.", encoding)) from None
        if _decodes(content, candidates[0]):
            return candidates[0]
        # the rows as UTF-8, the bytes that are not kept apart (csv splits rows on
        # ASCII characters, which Shift_JIS never uses inside a character)
        first_bad = first_not_cp932 = None
        mixed = False
        for number, row in enumerate(_csv_rows(content, "utf-8-sig", "surrogateescape"), start=1):
            text = "".join(row)
            if NOT_DECODED_RE.search(text):
                first_bad = first_bad or number
            elif JAPANESE_RE.search(text):
                mixed = True
            if first_not_cp932 is None:
                try:
                    "\x1f".join(row).encode("utf-8", "surrogateescape").decode("cp932")
                except UnicodeDecodeError:
                    first_not_cp932 = number
        first_bad = first_bad or 1
        if auto and mixed:
            raise UserError(self.env._(
                "%s of the CSV file is not UTF-8 like other rows: the file mixes encodings. "
                "Save the whole file in UTF-8 or Shift_JIS.", self._row_label(first_bad)))
        if auto:
            if _decodes(content, "cp932"):
                return "cp932"
            raise UserError(self.env._(
                "%s of the CSV file is neither UTF-8 nor Shift_JIS; save the file in one of them.",
                self._row_label(first_not_cp932 or first_bad)))
        raise UserError(self.env._("%(row)s of the CSV file is not in the encoding %(encoding)s.",
                                   row=self._row_label(first_bad), encoding=encoding))

    # ------------------------------------------------------------------
    # Mapping
    # ------------------------------------------------------------------

    @api.model
    def _guess_mapping(self, model, headers):
        """{column index: field name} matching headers to field labels, names or aliases."""
        fields_ = self._importable_fields(model)
        by_key = {}
        for name, field in fields_.items():
            labels = {field.string, field._description_string(self.env), name}
            if name == "name_kana" and self._field_kind(model, field) == "kana":
                labels.update(KANA_HEADERS)
            for label in labels:
                by_key.setdefault(normalize_text(label).casefold(), name)
        # the column of stored numbers a download adds after a phone column gives the
        # number too: it maps when the file has no column of the number as shown
        for name in self.env["smart.field"]._phone_field_names(model._name) & fields_.keys():
            label = fields_[name]._description_string(self.env)
            for header in (self._phone_e164_header(label), f"{label} (E.164)"):
                by_key.setdefault(normalize_text(header).casefold(), name)
        # then the aliases administrators give (氏名, 名前, お名前 for the name …)
        for key, name in self.env["smart.field.alias"]._aliases(model._name).items():
            if name in fields_:
                by_key.setdefault(key, name)
        mapping = {}
        for index, header in enumerate(headers):
            key = normalize_text(str(header) if header is not None else "").casefold()
            if key and key in by_key and by_key[key] not in mapping.values():
                mapping[index] = by_key[key]
        return mapping

    # ------------------------------------------------------------------
    # Importing
    # ------------------------------------------------------------------

    @api.model
    def import_file(self, model_name, content, filename, mapping=None, mode="all", key_field=None,
                    encoding="auto", header_row=True, max_errors=500):
        """Import an XLSX/CSV file into ``model_name`` (see :meth:`_import_file`
        and :meth:`_upload`, which adds ``record_ranges``)."""
        return self._upload(model_name, content, filename, mapping=mapping, mode=mode, key_field=key_field,
                            encoding=encoding, header_row=header_row, max_errors=max_errors)

    @api.model
    def _upload(self, model_name, content, filename, **kwargs):
        """:meth:`_import_file`, whose result also says which records the upload
        wrote: ``record_ranges``, their ids as ``[first, last]`` ranges (False
        when they are spread over more than MAX_RECORD_RANGES ranges). The
        records created are those of the target whose id is above the largest
        one the transaction saw before the upload: in Odoo's repeatable-read
        transactions, records other users create meanwhile are not seen."""
        model = self._check_target(model_name, "create")
        self.env.cr.execute(SQL("SELECT COALESCE(max(id), 0) FROM %s", SQL.identifier(model._table)))
        floor = self.env.cr.fetchone()[0]
        result = self._import_file(model_name, content, filename, **kwargs)
        updated = result.pop("updated_ids", [])
        result["record_ranges"] = self._written_ranges(model, floor, updated) \
            if result["created"] or result["updated"] else []
        return result

    @api.model
    def _written_ranges(self, model, floor, updated_ids):
        """[first, last] ranges of the ids of the records of ``model`` above
        ``floor`` and of ``updated_ids``, or False when more than MAX_RECORD_RANGES."""
        model.flush_model()
        cr = self.env.cr
        table = SQL.identifier(model._table)
        cr.execute(SQL("SELECT min(id), max(id), count(*) FROM %s WHERE id > %s", table, floor))
        first, last, count = cr.fetchone()
        if not count:
            created = []
        elif last - first + 1 == count:
            created = [[first, last]]
        else:
            # islands of consecutive ids
            cr.execute(SQL("SELECT min(id), max(id) FROM (SELECT id, id - row_number() OVER (ORDER BY id) AS island "
                           "FROM %s WHERE id > %s) AS created GROUP BY island ORDER BY 1 LIMIT %s",
                           table, floor, MAX_RECORD_RANGES + 1))
            created = [list(row) for row in cr.fetchall()]
        # (a record created by the upload and updated by a later row of it is among the created)
        ranges = id_ranges([record_id for record_id in updated_ids if record_id <= floor]) + created
        return ranges if len(ranges) <= MAX_RECORD_RANGES else False

    @api.model
    def _import_file(self, model_name, content, filename, mapping=None, mode="all", key_field=None,
                     encoding="auto", header_row=True, max_errors=500, progress=None):
        """Import an XLSX/CSV file into ``model_name``.

        :param content: the file, as base64 text
        :param mapping: {column index: field name}; guessed from the headers when not given
        :param mode: ``all`` (one bad row → nothing written) or ``valid`` (write the valid
            rows, return the rejected ones as an XLSX file)
        :param key_field: update the records whose ``key_field`` equals the row's value
        :param progress: a function called now and then, from this thread, with
            the share of the work done (0 to 1) and the rows read so far; what it
            raises stops the upload, which then writes nothing
        :returns: dict(created, updated, errors: [(row, column, message)], rejected_count,
            rejected_file: the XLSX file of the rejected rows as base64 text, or False)
        """
        model = self._check_target(model_name, "create")
        if key_field:
            model.check_access("write")
        if mode not in ("all", "valid"):
            raise UserError(self.env._("Unknown import mode %s.", mode))
        content = self._decode_file(content)
        headers, blocks = self._data_blocks(content, filename, encoding, header_row)
        if mapping is None:
            mapping = self._guess_mapping(model, headers or [])
        try:
            mapping = {int(k): v for k, v in mapping.items() if v}
        except (AttributeError, TypeError, ValueError) as exc:
            raise UserError(self.env._(
                "The mapping goes from column numbers (0 for the first column) to field names.")) from exc
        importable = self._importable_fields(model)
        unknown = [name for name in mapping.values() if name not in importable]
        if unknown:
            raise UserError(self.env._("These fields cannot be imported: %s", ", ".join(unknown)))
        if not mapping:
            raise UserError(self.env._("No column matches a field; map the columns to fields first."))
        if key_field and key_field not in mapping.values():
            raise UserError(self.env._("The key field %s is not among the mapped columns.", key_field))
        missing = [] if key_field else self._missing_required_columns(model, importable, set(mapping.values()))
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
        rejects_book = XlsxWorkbook() if mode == "valid" else None
        # the sheet row of each rejected row comes first, so that it can be found in the file
        writer = rejects_book and rejects_book.add_rejects_sheet(self.env, [self.env._("Sheet row"), *header_labels])
        result = {"created": 0, "updated": 0, "errors": [], "rejected_file": False, "rejected_count": 0}

        # rows of the file, for the progress: one pass, or two when every row
        # is checked before the records are written through the ORM
        check_first = not copy and mode == "all"
        total_rows = max(self._row_count_hint(content, filename), 1) * (2 if check_first else 1)
        read = {"rows": 0, "passes_done": 0}
        statistics = {}  # see _refresh_statistics

        def report():
            if progress:
                rows = read["passes_done"] * total_rows // 2 + read["rows"] if check_first else read["rows"]
                progress(min(rows / total_rows, 1.0), read["rows"])

        def batches():
            """The valid rows of each block, converted column by column."""
            for block in blocks:
                numbers = block.numbers
                if not numbers:
                    continue
                read["rows"] = numbers[-1]
                values = []
                bad_rows = {}
                for column, convert_column, label in zip(columns, converters, labels):
                    converted, bad = convert_column(*block.column(column))
                    for i, message in bad.items():
                        bad_rows.setdefault(i, []).append((numbers[i], label, message))
                    values.append(converted)
                if bad_rows:
                    for i, row_errors in sorted(bad_rows.items()):
                        if len(result["errors"]) < max_errors:
                            result["errors"].extend(row_errors)
                        if writer:
                            writer.add([numbers[i], *block.row(i)], "; ".join(f"{col}: {msg}" for _r, col, msg in row_errors))
                            result["rejected_count"] += 1
                    keep = [i for i in range(len(block)) if i not in bad_rows]
                    values = [[column[i] for i in keep] for column in values]
                if mode == "all" and result["errors"]:
                    values = []  # keep checking the rest of the file, but write nothing
                # a block with nothing to write is yielded too (empty), so that
                # the progress still moves while the rest of the file is checked
                yield values if values and values[0] else []

        with self.env.cr.savepoint() as savepoint:
            if copy:
                self._copy_batches(model, field_objs, kinds, cache, batches(), result, report)
            else:
                if check_first:
                    # every row is checked before any is written: the ORM would
                    # create the records up to the first bad row, only for the
                    # transaction to undo them
                    for _values in batches():
                        report()
                    read["passes_done"] = 1
                    if not result["errors"]:
                        blocks = self._data_blocks(content, filename, encoding, header_row)[1]
                for values in batches():
                    for start in range(0, len(values[0]) if values else 0, WRITE_BATCH):
                        self._write_batch(model, field_objs, [column[start:start + WRITE_BATCH] for column in values],
                                          key_index, fast, result)
                        # the records written leave the cache: memory stays flat
                        self.env.invalidate_all()
                        self._refresh_statistics(model, result, statistics)
                    report()
            if mode == "all" and result["errors"]:
                savepoint.rollback()
                result["created"] = result["updated"] = 0
        model.invalidate_model()
        if writer and result["rejected_count"]:
            result["rejected_file"] = base64.b64encode(rejects_book.close()).decode()
        return result

    def _copy_batches(self, model, field_objs, kinds, cache, batches, result, report=None):
        """Inserts batches of rows given as COPY text column by column, one COPY
        per batch. When converting the cells needs no query, a second thread
        converts the next batches while this one writes, so that reading the
        file and writing the rows overlap."""
        layout = self._copy_layout(model, field_objs)
        report = report or (lambda: None)
        if not self._copy_streamable(field_objs, kinds, cache):
            for values in batches:
                if values:
                    self._copy_insert(model, layout, values)
                    result["created"] += len(values[0])
                report()
            return

        def texts():
            # (None for a batch with nothing to write: only its progress is reported)
            for values in batches:
                if not values:
                    yield None
                    continue
                result["created"] += len(values[0])
                yield pg_copy.rows_text(layout, values)

        def write(chunk):
            if chunk is not None:
                self._copy_from(model, layout[0], pg_copy.ChunkReader(iter([chunk])))
            report()

        # one COPY per batch: the database server checks the links of a batch's
        # rows (foreign keys) when its COPY ends, while the next rows are converted
        pg_copy.overlapped(texts(), write, "smart-upload")

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
        at once; columns of texts that do (full-width digits and spaces, phones,
        emails, dates) are converted at once by tools.convert's convert_column;
        the cells left (refused ones, rarer shapes) convert each distinct value once."""
        if kind == "many2one" and copy:
            self._preload_records(field, cache)
        convert_cell = self._converter(model, field, kind, cache)
        text_format = pg_copy.formatter(field.type) if copy else None
        size = field.size if field.type == "char" else None
        region = (self.env.company.country_id.code or "JP") if kind == "phone" else None
        memos = defaultdict(dict)
        bad_keys = defaultdict(set)  # keys of the memo whose value is a _Bad

        def each(block_kind, values):
            converted = list(map(convert_cell, xlsx_reader.python_values(block_kind, values)))
            bad = {}
            if _Bad in set(map(type, converted)):
                bad = {i: value.message for i, value in enumerate(converted) if type(value) is _Bad}
                for i in bad:
                    converted[i] = False
            return (list(map(text_format, converted)) if copy else converted), bad

        def memoised(block_kind, values):
            # each distinct value of the block is converted once; the conversions
            # of the first MEMO_SIZE distinct values of the column are kept for
            # the next blocks (values that repeat through a file, such as yes/no
            # or a few dates), so that memory stays bounded whatever the file
            memo, bad_memo = memos[block_kind], bad_keys[block_kind]
            # Python values are told apart by type too (1, 1.0 and True are equal keys)
            keys = values if block_kind != "value" else list(zip(map(type, values), values))
            distinct = set(keys)
            known = distinct.intersection(memo)
            table = dict(zip(known, map(memo.__getitem__, known)))
            new_bad = set()
            for key in distinct.difference(known):
                raw = key[1] if block_kind == "value" else key
                value = convert_cell(xlsx_reader.python_values(block_kind, [raw])[0])
                if type(value) is _Bad:
                    new_bad.add(key)
                elif copy:
                    value = text_format(value)
                table[key] = value
                if len(memo) < MEMO_SIZE:
                    memo[key] = value
                    if key in new_bad:
                        bad_memo.add(key)
            converted = list(map(table.__getitem__, keys))
            bad = {}
            if new_bad or not bad_memo.isdisjoint(known):
                bad = {i: value.message for i, value in enumerate(converted) if type(value) is _Bad}
            return converted, bad

        def by_column(block_kind, values, rest):
            """Converts the texts of a block's column at once (convert_column),
            the cells it leaves with ``rest``; None when it cannot."""
            texts = values if block_kind == "text" else None
            if block_kind == "value" and all(value is None or value.__class__ is str for value in values):
                texts = [value or "" for value in values]
            decided = texts and convert.convert_column(kind, texts, size=size, region=region)
            if not decided:
                return None
            converted = list(map(text_format, decided)) if copy else decided
            left = [i for i, value in enumerate(decided) if value is None]
            if not left:
                return converted, {}
            left_values, bad = rest(block_kind, [values[i] for i in left])
            for i, value in zip(left, left_values):
                converted[i] = value
            return converted, {left[position]: message for position, message in bad.items()}

        if kind in ("char", "text", "html"):
            def column(block_kind, values):
                if copy and block_kind == "text":
                    stripped = list(map(str.strip, values))
                    joined = "".join(values)
                    if (all(stripped) and not any(special in joined for special in pg_copy.COPY_SPECIAL)
                            and (size is None or max(map(len, stripped)) <= size)):
                        return stripped, {}
                # what convert_column leaves of a text column (empty cells, mostly) repeats
                return by_column(block_kind, values, memoised) or (
                    memoised if block_kind in ("number", "date", "bool") else each)(block_kind, values)
            return column
        if kind in ("integer", "float", "monetary") and copy:
            plain = convert.INTEGER_COLUMN_RE if kind == "integer" else convert.DECIMAL_COLUMN_RE

            def column(block_kind, values):
                if block_kind == "number" and plain.fullmatch("\n".join(values) + "\n"):
                    return values, {}
                return by_column(block_kind, values, memoised) or memoised(block_kind, values)
            return column
        if kind in ("integer", "float", "monetary", "phone", "email", "date"):
            def column(block_kind, values):
                return by_column(block_kind, values, memoised) or memoised(block_kind, values)
            return column
        return memoised

    def _write_batch(self, model, field_objs, values, key_index, fast, result):
        """Writes one chunk given column by column (values[i] holds field_objs[i])."""
        count = len(values[0])
        existing = {}
        if key_index is not None:
            key_field = field_objs[key_index]
            keys = list({key for key in values[key_index] if key not in (False, None)})
            # archived records are matched too (as Odoo's import by External ID does), after active ones:
            # a row of an archived customer updates it instead of making a second one
            active = model._active_name
            records = model.with_context(active_test=False).search_fetch(
                [(key_field.name, "in", keys)], [key_field.name, *([active] if active else [])])
            for record in records.sorted(lambda record: not record[active]) if active else records:
                existing.setdefault(record[key_field.name], record.id)
        record_ids = [existing.get(key) for key in values[key_index]] if existing else [None] * count
        create_idx = [i for i in range(count) if not record_ids[i]]
        if key_index is not None:
            # a new key that several rows give makes one record, with the later row's values (the
            # earlier rows count as updates of it, as when the rows are written in turn)
            kept = last_rows(values[key_index], create_idx)
            result["updated"] += len(create_idx) - len(kept)
            create_idx = kept
        update_idx = [i for i in range(count) if record_ids[i]]
        if create_idx:
            columns = values if len(create_idx) == count else [[col[i] for i in create_idx] for col in values]
            if fast:
                self._sql_insert(model, field_objs, columns)
            else:
                self._create_chunk(model, field_objs, columns)
            result["created"] += len(create_idx)
        if update_idx:
            if fast:
                # a record two rows update takes the later row's values, as when the rows are written in turn
                written = last_rows(record_ids, update_idx)
                self._sql_update(model, field_objs, [record_ids[i] for i in written],
                                 [[col[i] for i in written] for col in values])
            else:
                self._update_chunk(model, field_objs, [record_ids[i] for i in update_idx],
                                   [[col[i] for i in update_idx] for col in values])
            result["updated"] += len(update_idx)
            result.setdefault("updated_ids", []).extend(record_ids[i] for i in update_idx)

    def _create_chunk(self, model, field_objs, columns):
        """Creates the records of one chunk through the ORM (values given
        column by column, columns[i] holding field_objs[i]), with what the
        target gives every record at once (its defaults among them) instead of
        working it out record by record (see the custom-field target mixin)."""
        names = [f.name for f in field_objs]
        # the user who uploads thousands of records does not follow each of them
        context = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True,
                   "mail_create_nosubscribe": True}
        constants = model._smart_upload_create_values(names)
        defaults = self._batch_defaults(model, names + list(constants))
        given = None
        if defaults is not None:
            constants = {**defaults, **constants}
            given = UPLOAD_DEFAULTS.set((model._name, (*constants, *names),
                                         [field for field in model._fields.values() if field.type == "properties"]))
        context.update(model._smart_upload_create_context(names, constants))
        try:
            records = model.with_context(**context).create(
                [{**constants, **self._vals(field_objs, columns, i)} for i in range(len(columns[0]))])
        finally:
            if given:
                UPLOAD_DEFAULTS.reset(given)
        self._skip_empty_images(model, records)
        model._smart_upload_created(records)

    def _update_chunk(self, model, field_objs, ids, columns):
        """Writes one chunk's rows into the existing records ``ids`` (one per
        row, values given column by column) through the ORM: each record is
        given the values that differ from its own only, and the records given
        the same changes are written together, with one write. A list uploaded
        again mostly repeats what the records hold, or changes a column to the
        same value for many of them; a record the file repeats as it is keeps
        its last-update date. A record that several rows of the chunk update
        is written row by row, in the file's order."""
        records = model.browse(ids).with_context(tracking_disable=True)
        records.fetch([field.name for field in field_objs])
        repeated = {record_id for record_id, count in Counter(ids).items() if count > 1}
        changes_of = {}  # the changes: (the changes, the ids of the records given them)
        for position, record in enumerate(records):
            if record.id in repeated:
                continue
            changes = {name: value for name, value in self._vals(field_objs, columns, position).items()
                       if not self._holds_value(record, record._fields[name], value)}
            if changes:
                changes_of.setdefault(repr(sorted(changes.items())), (changes, []))[1].append(record.id)
        # what a write reads of other records (the children of a customer) is read for the whole chunk
        for changes, record_ids in changes_of.values():
            records.browse(record_ids).with_prefetch(records._prefetch_ids).write(changes)
        for position, record in enumerate(records):
            if record.id in repeated:
                record.write(self._vals(field_objs, columns, position))

    @api.model
    def _holds_value(self, record, field, value):
        """Whether ``record`` holds ``value`` (as written by an upload) in ``field``."""
        if field.type == "many2many":
            return set(value[0][2]) == set(record[field.name].ids)
        return field.convert_to_cache(value, record) == field.convert_to_cache(record[field.name], record)

    @api.model
    def _batch_defaults(self, model, given):
        """The default values of the fields that the records of a chunk are not
        ``given``, looked up once for the chunk: the ORM's create looks them up
        for each record over all the model's fields (the custom-field target
        mixin's _add_missing_default_values takes the chunk's instead). None,
        and each record's own looked up, when a default may differ from one
        record to the next: two lookups that differ (a sequence, a random
        token, the time), linked records made with each record, or a model
        made of others (_inherits)."""
        if model._inherits:
            return None
        missing = [name for name in model._fields if name not in given]
        defaults = model.default_get(missing)
        linked = {name: value or [] for name, value in defaults.items()
                  if model._fields[name].type in ("one2many", "many2many")}
        if defaults != model.default_get(missing) or not all(
                isinstance(command, (tuple, list)) and command[0] in SHARED_COMMANDS
                for value in linked.values() for command in value):
            return None
        # linked records that a default leaves empty (Command.set([])): a new record has none
        return {name: value for name, value in defaults.items() if name not in linked or any(
            command[0] == fields.Command.LINK or (command[0] == fields.Command.SET and command[2])
            for command in value)}

    @api.model
    def _refresh_statistics(self, model, result, state):
        """Has PostgreSQL count the rows of the target's table again (ANALYZE)
        once an upload has created more than twice the records its statistics
        say the table holds: the ORM stores a record's computed fields with an UPDATE
        per hundred records, and PostgreSQL, believing the table almost empty
        (the first upload into a new database), reads the whole table for each
        of them, which makes an upload's time grow with the square of its rows.
        ANALYZE counts the rows this transaction has added; it is skipped when
        another one holds the table's statistics lock (another upload).
        The statistics are looked at after each chunk, as autovacuum may count
        the table again meanwhile without this upload's records, and refreshed
        again only once the upload has doubled since the last try: a few times
        in all."""
        created = result["created"]
        if created < WRITE_BATCH or created < 2 * state.get("tried", 0):
            return
        if self._estimated_rows(model) * 2 >= created:
            return
        state["tried"] = created
        cr = self.env.cr
        cr.execute("SELECT current_setting('lock_timeout')")
        lock_timeout = cr.fetchone()[0]
        try:
            with cr.savepoint(flush=False):
                cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", ANALYZE_LOCK_TIMEOUT))
                # the row count is what the plans lack: the id column's statistics come with it
                cr.execute(SQL("ANALYZE %s (id)", SQL.identifier(model._table)), log_exceptions=False)
                cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", lock_timeout))
        except psycopg2.errors.LockNotAvailable:
            _logger.info("Upload into %s: statistics not refreshed, another transaction holds their lock",
                         model._table)

    @api.model
    def _estimated_rows(self, model):
        """The rows PostgreSQL's statistics say the table of ``model`` holds."""
        self.env.cr.execute(SQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", model._table))
        return self.env.cr.fetchone()[0]

    @api.model
    def _skip_empty_images(self, model, records):
        """Spares the ORM resizing, record by record, a picture the new
        ``records`` do not have: the smaller sizes (image_1024 … image_128 of
        image_1920, as customers have) of a record without the picture are
        empty. Records given a picture (by a column, a default or another
        module) have their sizes made as usual."""
        without = {}  # source picture: the records without it
        for field in model._fields.values():
            source = model._fields.get(field.related) if isinstance(field.related, str) else None
            if isinstance(field, fields.Image) and field.store and isinstance(source, fields.Image) and source.store:
                if source.name not in without:
                    without[source.name] = records.filtered(lambda record, name=source.name: not record[name])
                self.env.remove_to_compute(field, without[source.name])

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
            list(map(pg_copy.formatter(f.type), column)) for f, column in zip(field_objs, columns)])

    def _copy_layout(self, model, field_objs):
        """(columns, end of line) of the COPY rows of ``field_objs``: the mapped
        columns, then the defaults and the log columns, the same text on every row."""
        mapped = {f.name for f in field_objs}
        defaults = model.default_get([name for name, f in model._fields.items()
                                      if f.store and f.column_type and f.type in FAST_COLUMN_TYPES
                                      and name not in models.MAGIC_COLUMNS and name not in mapped])
        default_fields = [model._fields[name] for name in defaults]
        constants = [pg_copy.formatter(f.type)(defaults[f.name]) for f in default_fields]
        constants += [str(self.env.uid)] * 2 + [fields.Datetime.now().isoformat()] * 2
        names = [f.name for f in [*field_objs, *default_fields]] + ["create_uid", "write_uid", "create_date",
                                                                    "write_date"]
        return names, "".join(f"\t{text}" for text in constants) + "\n"

    def _copy_insert(self, model, layout, texts):
        """Inserts rows given column by column as COPY text (see _copy_layout)."""
        self._copy_from(model, layout[0], io.BytesIO(pg_copy.rows_text(layout, texts)))

    def _copy_from(self, model, names, stream):
        self.env.flush_all()
        pg_copy.copy_from(self.env.cr, model._table, names, stream)

    def _sql_update(self, model, field_objs, ids, columns):
        """Updates the records ``ids`` (distinct) with the values given column
        by column; a record that holds them all already is left as it is, its
        last-update date too (as the ORM path leaves it)."""
        arrays = [column if f.type == "boolean" else [None if v is False else v for v in column]
                  for f, column in zip(field_objs, columns)]
        aliases = [f"c{i}" for i in range(len(field_objs))]
        table_columns = [SQL("t.%s", SQL.identifier(f.name)) for f in field_objs]
        new_values = [SQL("v.%s", SQL.identifier(alias)) for alias in aliases]
        self.env.cr.execute(SQL(
            "UPDATE %s AS t SET %s, write_uid = %s, write_date = %s FROM unnest(%s::int4[], %s) AS v(id, %s) "
            "WHERE t.id = v.id AND ROW(%s) IS DISTINCT FROM ROW(%s)",
            SQL.identifier(model._table),
            SQL(", ").join(SQL("%s = v.%s", SQL.identifier(f.name), SQL.identifier(alias))
                           for f, alias in zip(field_objs, aliases)),
            self.env.uid, fields.Datetime.now(), ids,
            SQL(", ").join(SQL("%s::%s", array, SQL(f"{FAST_COLUMN_TYPES[f.type]}[]"))
                           for array, f in zip(arrays, field_objs)),
            SQL(", ").join(SQL.identifier(alias) for alias in aliases),
            SQL(", ").join(table_columns), SQL(", ").join(new_values),
        ))


def last_rows(keys, positions):
    """The ``positions`` (ascending) whose key (``keys[position]``) no later one
    of them repeats; positions without a key (False or None) are all kept."""
    last = {keys[i]: i for i in positions if keys[i] not in (False, None)}
    return [i for i in positions if last.get(keys[i], i) == i]


def id_ranges(ids):
    """The sorted distinct ``ids`` as [first, last] ranges of consecutive ids."""
    ranges = []
    for record_id in sorted(set(ids)):
        if ranges and ranges[-1][1] == record_id - 1:
            ranges[-1][1] = record_id
        else:
            ranges.append([record_id, record_id])
    return ranges


def ranges_domain(ranges):
    """The domain of the records whose ids are in ``ranges`` (see id_ranges), or
    of every record when there are none (an upload whose records were too
    spread out to be kept)."""
    if not ranges:
        return []
    return list(Domain.OR(Domain("id", ">=", first) & Domain("id", "<=", last) for first, last in ranges))


def _decodes(content, encoding):
    """Whether the bytes ``content`` decode in ``encoding``, a chunk at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(content)
    try:
        for start in range(0, len(view), DECODE_CHUNK):
            decoder.decode(view[start:start + DECODE_CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(content, encoding, errors="strict"):
    """The rows of a CSV file, decoded as they are read."""
    return csv.reader(io.TextIOWrapper(io.BytesIO(content), encoding=encoding, errors=errors, newline=""))
