import base64
import itertools

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook
from odoo.addons.crm_smart_data.tools import xlsx_reader

# the columns of a visit file, as the fields they map to
UPLOAD_FIELDS = ("partner_id", "date", "amount", "store", "description", "channel", "external_ref")
# words of a channel cell besides the channel's key and label
CHANNEL_WORDS = {"店舗": "store", "店頭": "store", "来店": "store", "ec": "ec", "オンラインショップ": "ec",
                 "ネットショップ": "ec", "通販": "ec", "電話": "phone", "イベント": "event", "催事": "event"}
# rows read from the file and checked together
BLOCK_ROWS = 5000
# shares of an upload's time (for its progress): reading the rows of the file,
# then checking them (customers looked up), then writing them
READ_SHARE = 0.6
CHECKED_SHARE = 0.85


class SmartVisitUpload(models.Model):
    """Visits and purchases uploaded as XLSX or CSV through the data tools
    (``smart.data.io.import_file`` with ``smart.visit``, and its upload
    screen): the file is read by the data tools, each cell converted by the
    shared rules (Japanese dates in the user's time zone, full-width digits,
    yen signs), then the rows are checked and written as ``import_visits``
    does: the customer found by code, email or phone, a replayed external
    reference counted and not written again, all or nothing or the valid rows."""

    _inherit = "smart.visit"  # pylint: disable=consider-merging-classes-inherited

    @api.private
    def _import_visit_file(self, content, filename, mapping, mode="all", encoding="auto", header_row=True,
                           max_errors=500, progress=None):
        """The result of ``smart.data.io.import_file`` for a file of visits,
        with ``replayed``: the rows whose external reference was already recorded.
        ``progress`` (as for ``smart.data.io._import_file``) is told the share done
        and the rows read after each block of the file, then once the rows are
        checked and once they are written."""
        self._import_check_rights()
        if mode not in ("all", "valid"):
            raise UserError(self.env._("Unknown import mode %s.", mode))
        engine = self.env["smart.data.io"]
        report = progress or (lambda share, rows: None)
        content = engine._decode_file(content)
        total_rows = max(engine._row_count_hint(content, filename), 1)
        blocks = engine._read_blocks(content, filename, encoding, size=BLOCK_ROWS)
        headers = []
        if header_row:
            first = next(blocks, None)
            if first is None:
                raise UserError(self.env._("The file is empty."))
            if first.numbers[0] == 1:
                headers = [str(value) if value is not None else "" for value in first.row(0)]
            else:
                blocks = itertools.chain([first], blocks)
        if mapping is None:
            mapping = engine._guess_mapping(self, headers)
        mapping = {name: index for index, name in mapping.items() if name}
        missing = [self._fields[name]._description_string(self.env)
                   for name in ("partner_id", "date", "external_ref") if name not in mapping]
        if missing:
            raise UserError(self.env._("Required fields have no column: %s", ", ".join(missing)))
        labels = {name: headers[index] if index < len(headers) and headers[index] else
                  self._fields[name]._description_string(self.env) for name, index in mapping.items()}
        rows, numbers, errors = [], [], []
        read = 0  # the last row read
        # where each row of the file is, for the file of rejected rows
        sources = {}
        for block in blocks:
            columns = {name: xlsx_reader.python_values(*block.column(index)) for name, index in mapping.items()}
            for position, number in enumerate(block.numbers):
                if mode == "valid":
                    sources[number] = (block, position)
                row, problem = self._upload_row({name: column[position] for name, column in columns.items()})
                if problem:
                    errors.append((number, *problem))
                    continue
                rows.append(row)
                numbers.append(number)
            if block.numbers:
                read = block.numbers[-1]
                report(min(read / total_rows, 1.0) * READ_SHARE, read)
        values, invalid = self._import_validate(rows, numbers)
        report(CHECKED_SHARE, read)
        errors = sorted(errors + invalid)
        # as for other uploads, rows are rejected (and counted) only when the valid ones are written
        result = {"created": 0, "updated": 0, "replayed": 0, "rejected_file": False,
                  "rejected_count": len(errors) if mode == "valid" else 0,
                  "errors": [(number, labels.get(column, column), message)
                             for number, column, message in errors[:max_errors]]}
        if errors and mode == "all":
            return result
        written = [row for _position, row in values]
        result["created"] = self._import_write(written, "upload")
        result["replayed"] = len(written) - result["created"]
        report(1.0, read)
        if errors:
            result["rejected_file"] = self._upload_rejects(headers, sources, errors, labels)
        return result

    @api.private
    def _upload_row(self, cells):
        """(the row as ``import_visits`` takes it, None) or (None, (column, message))
        for the cells of one row of a file, by field name."""
        row = {}
        customer = cells.get("partner_id")
        if isinstance(customer, float) and customer.is_integer():
            customer = int(customer)
        customer = convert.normalize_text(str(customer)).strip() if customer not in (None, "") else ""
        # one column names the customer by code, email or phone: each is tried in that order
        row.update(partner_ref=customer, partner_email="@" in customer and customer, partner_phone=customer)
        try:
            for name in ("date", "amount"):
                if cells.get(name) in (None, ""):
                    continue
                row[name] = (convert.to_datetime(cells[name], tz=self.env.tz) if name == "date"
                             else convert.to_decimal(cells[name]))
        except convert.ConvertError as exc:
            return None, (name, str(exc))
        for name in ("store", "description", "external_ref"):
            value = cells.get(name)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # a receipt number read as a number
            if value not in (None, ""):
                row[name] = convert.to_text(value) if name != "description" else str(value).strip()
        channel = cells.get("channel")
        if channel not in (None, ""):
            row["channel"] = self._upload_channel(str(channel))
        return row, None

    @api.model
    def _upload_channel(self, text):
        """The channel key of a cell holding a key or a label (English or the user's language)."""
        key = convert.normalize_text(text).strip().casefold()
        if key in CHANNEL_WORDS:
            return CHANNEL_WORDS[key]
        selection = self._fields["channel"]
        for value, label in [*selection.selection, *selection._description_selection(self.env)]:
            if key in (value.casefold(), convert.normalize_text(label).casefold()):
                return value
        return text

    @api.private
    def _upload_rejects(self, headers, sources, errors, labels):
        """The XLSX file (base64 text) of the rejected rows, as they were in
        the file (``sources``: row number → block and position), with their reasons."""
        book = XlsxWorkbook()
        sheet = book.add_rejects_sheet(self.env, headers)
        for number, column, message in errors:
            block, position = sources[number]
            sheet.add(block.row(position), f"{labels.get(column, column)}: {message}")
        return base64.b64encode(book.close()).decode()
