import datetime
import math

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .smart_visit import VISIT_CHANNELS

# rows written by one INSERT statement
BATCH_SIZE = 50000
# errors listed in the message refusing an import
MAX_ERRORS = 20
IMPORT_SOURCES = ("upload", "api")
# the columns that vary by row, as unnest() gives them, and their array types
ROW_COLUMNS = ("partner_id", "date", "store", "amount", "description", "channel", "external_ref")
ROW_TYPES = ("int4", "timestamp", "varchar", "numeric", "text", "varchar", "varchar")


def pg_array(values):
    """The text form of a PostgreSQL array of ``values`` (``None`` is NULL), sent
    as one parameter: PostgreSQL parses it as one value, where an ARRAY[…] of
    50,000 parameters costs it seconds to parse and plan."""
    parts = []
    for value in values:
        if value is None:
            parts.append("NULL")
        else:
            parts.append('"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"'))
    return "{%s}" % ",".join(parts)


def parse_datetime(value):
    """The UTC moment of an ISO 8601 text (``2026-04-01 10:15:00``, a date
    alone is midnight, an offset such as ``+09:00`` is converted to UTC), or
    None when ``value`` is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment


class SmartVisitImport(models.Model):
    """Bulk import of visit histories (POS, online shop) over JSON-2 or from
    an upload: every row is checked first, then all are written with SQL in
    the caller's transaction; a row whose external reference is already
    recorded is replayed (counted, not written again)."""

    _inherit = "smart.visit"

    @api.model
    def import_visits(self, rows, source="api"):
        """Record the visits of ``rows``, a list of dicts with ``partner_id``
        (or ``partner_ref``, the customer's reference), ``date``, ``amount``,
        ``external_ref`` and optionally ``store``, ``description`` and
        ``channel``. Returns ``{"created": n, "replayed": n}``; nothing is
        written when a row is wrong."""
        if not self.env.user.has_group("crm_smart_base.group_smart_manager"):
            raise AccessError(self.env._("Only Smart CRM managers may import visits."))
        self.check_access("create")
        if source not in IMPORT_SOURCES:
            raise UserError(self.env._("The source of imported visits is an upload or the API."))
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise UserError(self.env._("Visits are imported as a list of rows, each a set of named values."))
        values = self._import_check(rows)
        created = self._import_write(values, source)
        return {"created": created, "replayed": len(values) - created}

    # ------------------------------------------------------------------
    # checks: every row before anything is written
    # ------------------------------------------------------------------

    @api.private
    def _import_check(self, rows):
        """The rows as tuples of column values, or a UserError listing the rows that are wrong."""
        channels = {key for key, _label in VISIT_CHANNELS}
        partners = self._import_partners(rows)
        errors, values, seen = [], [], set()

        def error(number, message):
            errors.append(self.env._("Row %(row)s: %(error)s", row=number, error=message))

        for number, row in enumerate(rows, start=1):
            if len(errors) >= MAX_ERRORS:
                break
            key = row.get("partner_id") or row.get("partner_ref")
            partner_id = partners.get(key) if isinstance(key, (int, str)) and not isinstance(key, bool) else None
            if not partner_id:
                error(number, self.env._("no customer %(customer)s.", customer=key))
                continue
            date = parse_datetime(row.get("date"))
            if not date:
                error(number, self.env._("the date %(date)s is not a date and time.", date=row.get("date")))
                continue
            amount = row.get("amount") or 0
            if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount):
                error(number, self.env._("the amount %(amount)s is not a number.", amount=row.get("amount")))
                continue
            if amount < 0:
                error(number, self.env._("the amount of a visit cannot be negative."))
                continue
            channel = row.get("channel") or "store"
            if channel not in channels:
                error(number, self.env._("unknown channel %(channel)s.", channel=channel))
                continue
            reference = row.get("external_ref")
            if not isinstance(reference, str) or not reference.strip() or "\x00" in reference:
                error(number, self.env._("an imported visit needs its external reference."))
                continue
            reference = reference.strip()
            if reference in seen:
                error(number, self.env._("the external reference %(reference)s appears twice.",
                                         reference=reference))
                continue
            seen.add(reference)
            texts = []
            for name in ("store", "description"):
                text = row.get(name)
                if text is not None and text is not False and (not isinstance(text, str) or "\x00" in text):
                    error(number, self.env._("the %(column)s must be text.", column=name))
                    break
                texts.append(text or None)
            else:
                values.append((partner_id, date, texts[0], amount, texts[1], channel, reference))
        if errors:
            raise UserError(self.env._("No visit was imported:\n%(errors)s", errors="\n".join(errors)))
        return values

    @api.private
    def _import_partners(self, rows):
        """``{partner id or reference: partner id}`` of the customers the rows
        name that the user may read and that the current company may use."""
        ids = {row.get("partner_id") for row in rows if isinstance(row.get("partner_id"), int)}
        refs = {row.get("partner_ref") for row in rows if isinstance(row.get("partner_ref"), str)}
        company_domain = [("company_id", "in", (False, self.env.company.id))]
        Partner = self.env["res.partner"].with_context(active_test=False)
        found = {}
        if ids:
            found.update((pid, pid) for pid in Partner.search([("id", "in", list(ids)), *company_domain]).ids)
        if refs:
            for partner in Partner.search_fetch([("ref", "in", list(refs)), *company_domain], ["ref"]):
                found.setdefault(partner.ref, partner.id)
        return found

    # ------------------------------------------------------------------
    # writing
    # ------------------------------------------------------------------

    @api.private
    def _import_write(self, values, source):
        """Insert the checked rows, skipping the references already recorded; returns how many were written."""
        self.env.flush_all()
        uid, now, company_id = self.env.uid, self.env.cr.now(), self.env.company.id
        newcomers = self._smart_partners_without_visit({row[0] for row in values})
        created = 0
        for start in range(0, len(values), BATCH_SIZE):
            columns = zip(*values[start:start + BATCH_SIZE])
            self.env.cr.execute(SQL(
                """INSERT INTO smart_visit (%(columns)s, company_id, source, state, user_id, create_uid, create_date,
                                            write_uid, write_date)
                   SELECT rows.*, %(company)s, %(source)s, 'done', %(uid)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(arrays)s) AS rows
                   ON CONFLICT (company_id, external_ref) DO NOTHING""",
                columns=SQL(", ").join(SQL.identifier(name) for name in ROW_COLUMNS),
                arrays=SQL(", ").join(SQL("%s::%s[]", pg_array(column), SQL.identifier(kind))
                                      for kind, column in zip(ROW_TYPES, columns)),
                company=company_id, source=source, uid=uid, now=now))
            created += self.env.cr.rowcount
        self.env["smart.visit"].invalidate_model()
        self._smart_announce_first_visits(newcomers)
        return created
