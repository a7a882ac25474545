import datetime
import hashlib
import logging

from dateutil.relativedelta import relativedelta

import odoo.modules.module
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import Cursor
from odoo.tools import SQL, format_amount, formatLang

from ..tools import MAX_AMOUNT, MAX_BALANCE
from .res_company import DEFAULT_TZ
from .res_partner import SUMMARY_FIELDS
from .valuecard_entry import REFUNDABLE_KINDS, entry_hash

_logger = logging.getLogger(__name__)

# Context marker of the ledger's own writes to cards (balances and states): an
# object no client can send over RPC.
POSTING = object()
ACTIVE = ("active",)
BALANCE_FIELD = {"paid": "balance_paid", "bonus": "balance_bonus", "points": "points"}
# columns loaded with the card lock (_lock_and_load) and written by _write_movements
CARD_COLUMNS = ("number", "program_id", "company_id", "state", "expiry_date", "balance_paid", "balance_bonus",
                "points", "ledger_sequence", "ledger_hash", "max_balance", "max_charge", "max_charge_per_day")
# columns of the card's company loaded with the card lock
COMPANY_COLUMNS = ("valuecard_spend_order", "valuecard_max_balance", "valuecard_max_charge",
                   "valuecard_max_charge_per_day")
LOT_COLUMNS = ("card_id", "company_id", "bucket", "amount_initial", "amount_remaining", "expiry_date", "entry_id")
ENTRY_COLUMNS = ("card_id", "company_id", "sequence", "date", "kind", "operation", "amount_paid", "amount_bonus",
                 "points", "lot_id", "expiry_date", "reference", "operator_id", "terminal", "reversed_entry_id",
                 "campaign_id", "reason", "balance_paid_after", "balance_bonus_after", "points_after",
                 "prev_hash", "hash")
REFERENCE_SIZE = 64
TERMINAL_SIZE = 64
# references the ledger gives its own postings: expiry:<day>, campaign:<id>,
# close:<card>, transfer:<from>><to> and refund:<reference>; a client may not
# use them, or it could take the place of a posting of the system
RESERVED_PREFIXES = ("expiry:", "campaign:", "close:", "transfer:", "refund:")


def refund_reference(reference):
    """The reference of the refund of ``reference``: ``refund:<reference>``,
    or when that is longer than a reference may be, ``refund:``, the start of
    the reference and a hash of all of it. The same reference always gives
    the same refund reference, so a retried refund posts once."""
    refund = f"refund:{reference}"
    if len(refund) <= REFERENCE_SIZE:
        return refund
    digest = hashlib.sha256(reference.encode()).hexdigest()[:16]
    return f"{refund[:REFERENCE_SIZE - len(digest) - 1]}#{digest}"


class ValuecardCardLedger(models.AbstractModel):
    """The ledger of a value card: the operations that move value, the one
    posting path they all go through, its checks and the nightly expiry. Its
    one user is ``valuecard.card``, whose fields it reads and writes.

    Every movement of value (charge, payment, refund, points, adjustment,
    campaign grant, transfer, expiry, closing) is posted by ``_post``, which
    keeps these invariants for all of them:

    * **Row lock first.** The card row is locked (``FOR NO KEY UPDATE``)
      before anything is read, in the same query that loads the card, its
      lots holding value and the entries already posted with the reference.
      Operations on one card run one after another. A public operation in a
      transaction that has written nothing yet posts in a READ COMMITTED
      transaction of its own that starts with the lock (``_lock_and_load``),
      so waiting for a busy card never ends in a serialisation failure;
      otherwise a concurrent change makes PostgreSQL raise one and Odoo
      retries the request with fresh balances. The readme (*Posting under
      concurrency*) proves both exact.
    * **Idempotent reference, with replay.** A reference already posted on
      the card returns the first result (``replayed``), whatever the card
      holds now; the same reference for another operation is refused.
    * **Checks before writing.** The movements are built from the lots loaded
      under the lock, passed to the builders as an argument; every movement
      is checked before the first row is written, so a refused operation
      writes nothing.
    * **No negative balance.** No bucket, lot or balance may go below zero,
      and no lot above the value it was created with (the database
      constraints say the same).
    * **Bounded values.** Points and lot amounts are 32-bit integer columns:
      an amount or number of points given to an operation is at most
      ``MAX_AMOUNT`` (1,000,000,000) and no balance of a card may go above
      ``MAX_BALANCE`` (2,000,000,000), so no lot, balance or sum of them
      reaches 2**31 - 1.
    * **Lot order.** Payments draw on the value that expires first, then on
      bonus or paid value as the company prefers (``_ordered_lots``).
    * **Hash chain.** Each entry carries its position on the card and the
      SHA-256 of its content and of the previous entry's hash
      (``valuecard_entry.entry_hash``); the card keeps the last position and
      hash. ``check_integrity`` recomputes all of it from the ledger.
    * **One day for the whole operation.** The day that counts for the daily
      charge limit, the validity of charge rules and the expiry of value is
      the day in ``env.tz``: the user's zone; for a user without one (a
      terminal's API user, the scheduled jobs), the zone of the card's
      company, else Japan's (``_in_day_zone``), not Odoo's UTC, which would
      start a Japanese shop's day at 9 a.m.

    The entries, the lots, the card and its customer's summary (card
    balance, points, last use, lifetime charge: ``res_partner.py``) are
    written with SQL in one statement (``_write_movements``): the ORM never
    creates or changes entries or lots.
    """

    _name = "valuecard.card.ledger"
    _description = "Value Card Ledger"

    # ------------------------------------------------------------------
    # operations (UI buttons and JSON-2)
    # ------------------------------------------------------------------

    def charge(self, amount, reference, terminal=None):
        """Add paid value, plus the bonus of the best charge rule."""
        amount = self._whole_yen(amount, self.env._("charge amount"))
        return self._operate(reference, f"charge:{amount}", terminal, lambda card, lots: card._build_charge(amount))

    def pay(self, amount, reference, terminal=None):
        """Spend paid and bonus value: value that expires sooner first, then the company's order."""
        amount = self._whole_yen(amount, self.env._("payment amount"))
        return self._operate(reference, f"pay:{amount}", terminal, lambda card, lots: card._build_pay(lots, amount))

    def refund(self, reference, terminal=None):
        """Reverse the earlier operation posted with ``reference`` on this card."""
        reference = self._check_reference(reference)
        return self._operate(reference, f"refund:{reference}", terminal,
                             lambda card, lots: card._build_refund(reference),
                             posted_reference=refund_reference(reference))

    def earn_points(self, amount_spent, reference, terminal=None):
        """Award the points earned by spending ``amount_spent`` yen."""
        amount = self._whole_yen(amount_spent, self.env._("amount spent"))
        return self._operate(reference, f"earn_points:{amount}", terminal,
                             lambda card, lots: card._build_earn_points(amount))

    def redeem_points(self, points, reference, terminal=None):
        """Use points (for a reward given at the counter)."""
        points = self._whole_points(points)
        return self._operate(reference, f"redeem_points:{points}", terminal,
                             lambda card, lots: card._build_spend_points(lots, points, "points_redeemed"))

    def convert_points(self, points, reference, terminal=None):
        """Turn points into bonus value at the program's point value."""
        points = self._whole_points(points)
        return self._operate(reference, f"convert_points:{points}", terminal,
                             lambda card, lots: card._build_convert_points(lots, points))

    def adjust(self, amount_paid=0, amount_bonus=0, points=0, reason=None, reference=None, terminal=None):
        """Manager correction of any bucket, with a mandatory reason."""
        self._check_manager()
        if not (reason or "").strip():
            raise UserError(self.env._("An adjustment needs a reason."))
        deltas = {
            "paid": self._whole_signed(amount_paid, self.env._("paid adjustment")),
            "bonus": self._whole_signed(amount_bonus, self.env._("bonus adjustment")),
            "points": self._whole_signed(points, self.env._("points adjustment")),
        }
        if not any(deltas.values()):
            raise UserError(self.env._("An adjustment must change at least one balance."))
        operation = "adjust:%(paid)d:%(bonus)d:%(points)d" % deltas
        return self._operate(reference, operation, terminal,
                             lambda card, lots: card._build_adjust(lots, deltas, reason.strip()),
                             states=("active", "suspended", "lost"))

    # ------------------------------------------------------------------
    # scheduled expiry
    # ------------------------------------------------------------------

    @api.model
    def _cron_expire(self):
        """Post expiry entries for lots past their expiry date and expire cards
        past theirs, each card on its own day (see ``_in_day_zone``)."""
        # no zone's day is more than one day ahead of UTC's: these are all the candidates
        horizon = fields.Date.today() + datetime.timedelta(days=1)
        lots = self.env["valuecard.lot"].sudo().search(
            [("amount_remaining", ">", 0), ("expiry_date", "<", horizon)])
        ended = self.sudo().search([("state", "in", ("active", "suspended")), ("expiry_date", "<", horizon)])
        cards = (lots.card_id | ended).sorted("id")
        if odoo.modules.module.current_test:
            # a test's transaction is the test's: savepoints instead of commits
            for card in cards:
                try:
                    with self.env.cr.savepoint():
                        card._expire()
                except Exception:
                    _logger.exception("Value card %s could not expire its value", card.number)
            return
        # each card in a transaction of its own, begun at its lock (as a
        # payment at a register): a card busy at a register is waited for,
        # never skipped, and one card that cannot expire does not keep the
        # others from expiring
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(cards))
        for card in cards:
            try:
                card._expire(fresh_transaction=True)
            except Exception:
                self.env.cr.rollback()
                _logger.exception("Value card %s could not expire its value", card.number)
            if cron._commit_progress(1) <= 0:
                break  # out of time: the next run takes the cards left

    def _expire(self, fresh_transaction=False):
        """Post the expiry of the card's value past its date, or of all of it
        when the card itself has passed its expiry date (it becomes expired)."""
        card = self._in_day_zone()
        today = fields.Date.context_today(card)
        ended = []

        def build(locked, lots):
            # from the card as loaded under the lock (renewed or closed meanwhile: not ended)
            ended.append(locked.state in ("active", "suspended") and locked._is_past_expiry())
            return locked._build_expire(lots, ended[-1])
        card._post(f"expiry:{today}", "expiry", None, build,
                   states=("active", "suspended", "lost", "expired", "closed"), fresh_transaction=fresh_transaction)
        if ended and ended[-1]:
            card.with_context(valuecard_posting=POSTING).write({"state": "expired"})

    # ------------------------------------------------------------------
    # the posting path
    # ------------------------------------------------------------------

    def _operate(self, reference, operation, terminal, build, states=ACTIVE, posted_reference=None):
        """Entry point of the public operations: access checks and the
        client's input, then _post (with ``posted_reference`` when the
        operation posts under a reference of its own, as a refund does)."""
        if len(self) != 1:
            raise UserError(self.env._("Card operations run on one card at a time."))
        self._check_operator()
        self.check_access("read")
        reference = self._check_reference(reference)
        if terminal and not isinstance(terminal, str):
            raise UserError(self.env._("The terminal must be a name."))
        if terminal and len(terminal) > TERMINAL_SIZE:
            raise UserError(self.env._("A terminal name has at most 64 characters."))
        return self.sudo()._post(posted_reference or reference, operation, terminal, build, states=states,
                                 fresh_transaction=True)

    def _post(self, reference, operation, terminal, build, states=ACTIVE, fresh_transaction=False):
        """THE posting path. Every movement of value goes through here:

        1. lock the card row, so concurrent operations on a card run one after
           another; with ``fresh_transaction`` (the public operations) and a
           transaction that has written nothing, in a READ COMMITTED
           transaction begun at the lock, where waiting cannot fail; else a
           concurrent change makes PostgreSQL raise a serialisation failure
           and Odoo retries the request with fresh balances;
        2. replay: a reference already posted on the card returns the first
           result, or is refused if it was posted for another operation;
        3. check the card's state, build the movements with
           ``build(card, lots)`` from the lots holding value loaded under the
           lock;
        4. refuse any bucket, lot or balance that would go negative;
        5. write lots, hash-chained entries and balances together.

        Steps 1-2 and the loading of the card and its lots are one round
        trip; step 5 is one statement (plus one for the ids of new lots).
        Everything else (input and access checks, the flush, the question
        whether the transaction wrote anything, its timestamp) runs before
        the lock, so the lock is held for two round trips, the Python of
        steps 3-4 and the commit.
        """
        self.ensure_one()
        self.env.flush_all()
        restart = fresh_transaction and self._may_restart_transaction()
        # the transaction's timestamp (write dates) is read before the lock, not under it
        self.env.cr.now()
        previous, lots, zone = self._lock_and_load(reference, restart=restart)
        if previous:
            if previous[0][1] != operation:
                raise UserError(self.env._(
                    "Reference %(reference)s was already used on card %(number)s for another operation "
                    "(%(operation)s).", reference=reference, number=self.number, operation=previous[0][1]))
            last = previous[-1]
            return self._result(reference, [row[0] for row in previous], last[2:], replayed=True)
        card = self if self.env.context.get("tz") == zone else self.with_context(tz=zone)
        card._check_state(states)
        movements = build(card, lots)
        if not movements:
            return card._result(reference, [], (card.balance_paid, card.balance_bonus, card.points), replayed=False)
        return card._write_movements(reference, operation, terminal, movements)

    def _in_day_zone(self):
        """The card in the time zone of its day (``env.tz``): the user's, or
        for a user without one, the zone of the card's company."""
        if self.env.context.get("tz") or self.env.user.tz:
            return self
        return self.with_context(tz=self.company_id._valuecard_tz())

    def _lock(self):
        """Lock the card rows (blocking) and drop cached balances."""
        # a serialisation failure here is expected under load and retried by Odoo: not worth an error log
        self.env.cr.execute(SQL("SELECT id FROM valuecard_card WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                                tuple(self.ids)), log_exceptions=False)
        self.invalidate_recordset()
        self.env["valuecard.lot"].invalidate_model(["amount_remaining"])

    def _may_restart_transaction(self):
        """Whether the posting may end the current transaction and start its
        own: never while a test runs (its transaction and savepoints are the
        test's), and only when the transaction has written nothing yet
        (PostgreSQL gave it no transaction id), so that ending it loses
        nothing but its snapshot."""
        if odoo.modules.module.current_test or not isinstance(self.env.cr, Cursor):
            return False
        self.env.cr.execute(SQL("SELECT pg_current_xact_id_if_assigned() IS NULL"))
        return self.env.cr.fetchone()[0]

    @api.model
    def _read_committed_batch(self):
        """Make the current transaction, when it has written nothing yet (see
        ``_may_restart_transaction``), a READ COMMITTED one, for a batch of
        postings in one transaction (a campaign's grants): each posting then
        waits for a card busy at a register and goes on with what that
        payment committed, where Odoo's REPEATABLE READ transaction would
        fail on the card. Returns whether it did; elsewhere postings keep the
        transaction they are in (a conflict there makes Odoo retry the whole
        request)."""
        self.env.flush_all()
        if not self._may_restart_transaction():
            return False
        self.env.cr.execute(SQL("COMMIT; BEGIN ISOLATION LEVEL READ COMMITTED"))
        return True

    def _lock_and_load(self, reference, restart=False):
        """Lock the card row and, in the same round trip, load its columns,
        its company's spending order and limits, the time zone of the
        operation's day (see ``_in_day_zone``), its lots holding value and the
        entries already posted with ``reference``. Returns those entries as
        ``[(id, operation, paid after, bonus after, points after)]`` in
        ledger order, the lots and the zone.

        With ``restart`` (see ``_may_restart_transaction``), the same round
        trip first ends the transaction, which has written nothing, and starts
        a READ COMMITTED one that takes the card lock in a statement of its
        own: the loading statement that follows takes its snapshot once the
        lock is held, so it sees every posting committed before, and waiting
        for the lock can never end in a serialisation failure."""
        Lot = self.env["valuecard.lot"]
        card_fields = [self._fields[name] for name in CARD_COLUMNS]
        lot_fields = [Lot._fields[name] for name in LOT_COLUMNS]
        # the lock in a statement of its own: under READ COMMITTED (a restarted
        # transaction, or a batch of postings, see _read_committed_batch) the
        # loading statement then takes its snapshot once the lock is held
        prefix = SQL("SELECT id FROM valuecard_card WHERE id = %s FOR NO KEY UPDATE; ", self.id)
        if restart:
            prefix = SQL("COMMIT; BEGIN ISOLATION LEVEL READ COMMITTED; %s", prefix)
        # a serialisation failure here is expected under load and retried by Odoo: not worth an error log
        self.env.cr.execute(SQL("%s%s", prefix, SQL(
            """SELECT %(card_columns)s, co.valuecard_spend_order, co.valuecard_max_balance,
                      co.valuecard_max_charge, co.valuecard_max_charge_per_day,
                      COALESCE(NULLIF(%(context_tz)s, ''),
                               (SELECT NULLIF(p.tz, '') FROM res_users u JOIN res_partner p ON p.id = u.partner_id
                                 WHERE u.id = %(uid)s),
                               NULLIF(cp.tz, ''), %(default_tz)s),
                      (SELECT json_agg(json_build_array(e.id, e.operation, e.balance_paid_after,
                                                        e.balance_bonus_after, e.points_after) ORDER BY e.sequence)
                         FROM valuecard_entry e WHERE e.card_id = c.id AND e.reference = %(reference)s),
                      (SELECT json_agg(json_build_array(l.id, %(lot_columns)s) ORDER BY l.id)
                         FROM valuecard_lot l WHERE l.card_id = c.id AND l.amount_remaining > 0)
                 FROM valuecard_card c JOIN res_company co ON co.id = c.company_id
                 LEFT JOIN res_partner cp ON cp.id = co.partner_id
                WHERE c.id = %(card)s
                  FOR NO KEY UPDATE OF c""",
            card_columns=SQL(", ").join(SQL.identifier("c", f.name) for f in card_fields),
            lot_columns=SQL(", ").join(SQL.identifier("l", f.name) for f in lot_fields),
            reference=reference, card=self.id, context_tz=self.env.context.get("tz") or "",
            uid=self.env.uid, default_tz=DEFAULT_TZ)), log_exceptions=False)
        row = self.env.cr.fetchone()
        # fresh values replace whatever the cache held before the lock
        self.invalidate_recordset()
        Lot.invalidate_model(["amount_remaining"])
        for field, value in zip(card_fields, row):
            field._insert_cache(self, [value])
        company_values = row[len(card_fields):len(card_fields) + 4]
        zone, previous, lot_rows = row[len(card_fields) + 4:]
        Company = self.env["res.company"]
        for name, value in zip(COMPANY_COLUMNS, company_values):
            Company._fields[name]._insert_cache(self.company_id, [value])
        lots = Lot.browse([lot_row[0] for lot_row in lot_rows or ()])
        lots.invalidate_recordset(LOT_COLUMNS)
        for index, field in enumerate(lot_fields, start=1):
            values = [lot_row[index] for lot_row in lot_rows or ()]
            if field.type == "date":
                values = [fields.Date.to_date(value) for value in values]
            field._insert_cache(lots, values)
        return [tuple(entry) for entry in previous or ()], lots, zone

    def _write_movements(self, reference, operation, terminal, movements):
        """Check the ``movements`` against the card and its lots, then insert
        their lots and hash-chained entries and update the lots they draw on
        and the card, in one SQL statement."""
        opening = {bucket: int(self[field]) for bucket, field in BALANCE_FIELD.items()}
        balances = dict(opening)
        # every check first, so a refused operation writes nothing
        remaining = {}
        for move in movements:
            amount, bucket, lot = int(move["amount"]), move["bucket"], move.get("lot")
            if not amount:
                raise UserError(self.env._("A ledger movement cannot be zero."))
            if lot:
                if lot.card_id != self or lot.bucket != bucket:
                    raise UserError(self.env._("A movement must draw on a lot of its own card and bucket."))
                left = remaining.get(lot, lot.amount_remaining) + amount
                if left < 0:
                    raise UserError(self.env._("Card %(number)s does not hold enough value for this operation.",
                                               number=self.number))
                if left > lot.amount_initial:
                    raise UserError(self.env._("This value has already been given back to the card."))
                remaining[lot] = left
            balances[bucket] += amount
            if balances[bucket] < 0:
                raise UserError(self.env._("Card %(number)s does not hold enough value for this operation.",
                                           number=self.number))
            if balances[bucket] > MAX_BALANCE:
                raise UserError(self.env._(
                    "Card %(number)s may hold at most %(limit)s yen or points in each balance.",
                    number=self.number, limit=self._format_number(MAX_BALANCE)))
        # ids of new lots and of the entries creating them, which reference each other
        new_count = sum(1 for move in movements if not move.get("lot"))
        lot_ids, entry_ids = [], []
        if new_count:
            self.env.cr.execute(SQL(
                """SELECT nextval('valuecard_lot_id_seq'), nextval('valuecard_entry_id_seq')
                     FROM generate_series(1, %s)""", new_count))
            lot_ids, entry_ids = (list(ids) for ids in zip(*self.env.cr.fetchall()))
        now, stamp, uid = fields.Datetime.now(), self.env.cr.now(), self.env.uid
        company_id = self.company_id.id
        sequence, prev_hash = self.ledger_sequence, self.ledger_hash or ""
        balances = dict(opening)
        entry_rows, lot_rows = [], []
        for move in movements:
            amount, bucket, lot = int(move["amount"]), move["bucket"], move.get("lot")
            entry_id = SQL("nextval('valuecard_entry_id_seq')")
            if lot:
                lot_id, expiry = lot.id, lot.expiry_date or None
            else:
                lot_id, entry_id = lot_ids.pop(0), entry_ids.pop(0)
                expiry = self._capped_expiry(move.get("expiry_date")) or None
                lot_rows.append(SQL("(%s)", SQL(", ").join([
                    lot_id, self.id, company_id, bucket, amount, amount, expiry, entry_id, uid, stamp, uid, stamp])))
            balances[bucket] += amount
            sequence += 1
            vals = {
                "card_id": self.id, "company_id": company_id, "sequence": sequence, "date": now,
                "kind": move["kind"], "operation": operation,
                "amount_paid": amount if bucket == "paid" else 0,
                "amount_bonus": amount if bucket == "bonus" else 0,
                "points": amount if bucket == "points" else 0,
                "lot_id": lot_id, "expiry_date": expiry if amount > 0 else None,
                "reference": reference, "operator_id": uid, "terminal": terminal or None,
                "reversed_entry_id": move.get("reversed_entry_id") or None,
                "campaign_id": move.get("campaign_id") or None, "reason": move.get("reason") or None,
                "balance_paid_after": balances["paid"], "balance_bonus_after": balances["bonus"],
                "points_after": balances["points"], "prev_hash": prev_hash,
            }
            vals["hash"] = prev_hash = entry_hash(vals)
            entry_rows.append(SQL("(%s)", SQL(", ").join([
                entry_id, *(vals[name] for name in ENTRY_COLUMNS), uid, stamp, uid, stamp])))
        # entries, lots and card in one statement (foreign keys are checked at its end)
        audit = ["create_uid", "create_date", "write_uid", "write_date"]
        parts = [SQL(
            """entries AS (INSERT INTO valuecard_entry (id, %s) VALUES %s RETURNING id, sequence)""",
            SQL(", ").join(SQL.identifier(name) for name in (*ENTRY_COLUMNS, *audit)),
            SQL(", ").join(entry_rows))]
        if lot_rows:
            parts.append(SQL(
                """new_lots AS (INSERT INTO valuecard_lot (id, card_id, company_id, bucket, amount_initial,
                                amount_remaining, expiry_date, entry_id, create_uid, create_date, write_uid,
                                write_date) VALUES %s)""", SQL(", ").join(lot_rows)))
        if remaining:
            parts.append(SQL(
                """spent AS (UPDATE valuecard_lot l SET amount_remaining = v.amount_remaining, write_uid = %s,
                                    write_date = %s
                               FROM (VALUES %s) AS v(id, amount_remaining) WHERE l.id = v.id)""",
                uid, stamp, SQL(", ").join(SQL("(%s, %s)", lot.id, left) for lot, left in remaining.items())))
        parts.append(SQL(
            """card AS (UPDATE valuecard_card SET balance_paid = %s, balance_bonus = %s, points = %s,
                               ledger_sequence = %s, ledger_hash = %s, write_date = %s, write_uid = %s
                         WHERE id = %s)""",
            balances["paid"], balances["bonus"], balances["points"], sequence, prev_hash, stamp, uid, self.id))
        # the customer's summary (res_partner.py) moves with the card, in the same statement
        parts.append(self.env["res.partner"]._valuecard_summary_update_sql(self.id, movements, now))
        parts.extend(self._posting_side_effects(reference, operation, terminal))
        self.env.cr.execute(SQL("WITH %s SELECT id FROM entries ORDER BY sequence", SQL(", ").join(parts)))
        posted = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_recordset()
        self.env["res.partner"].invalidate_model(list(SUMMARY_FIELDS))
        self.env["valuecard.lot"].invalidate_model()
        self.env["valuecard.entry"].invalidate_model()
        return self._result(reference, posted, (balances["paid"], balances["bonus"], balances["points"]),
                            replayed=False)

    def _posting_side_effects(self, reference, operation, terminal):
        """Statements (``name AS (INSERT/UPDATE …)``, as ``SQL``) that other
        addons write together with a posting, in its one statement: what a
        payment means elsewhere costs no round trip. None here."""
        return []

    def _result(self, reference, entry_ids, balances, replayed):
        return {
            "card_id": self.id,
            "reference": reference,
            "entry_ids": list(entry_ids),
            "balance_paid": int(balances[0]),
            "balance_bonus": int(balances[1]),
            "points": int(balances[2]),
            "replayed": replayed,
        }

    # ------------------------------------------------------------------
    # movement builders (called under the card lock with its lots holding value)
    # ------------------------------------------------------------------

    def _build_charge(self, amount):
        today = fields.Date.context_today(self)
        program = self.program_id
        rule = self.env["valuecard.rule"]._best_rule(program, amount, today)
        bonus = rule._bonus_for(amount) if rule else 0
        self._check_charge_limits(amount, bonus)
        moves = [{"kind": "charge", "bucket": "paid", "amount": amount,
                  "expiry_date": today + relativedelta(months=program.paid_validity_months)
                  if program.paid_validity_months else False}]
        if bonus:
            moves.append({"kind": "bonus", "bucket": "bonus", "amount": bonus, "reason": rule.name,
                          "expiry_date": self._bonus_expiry(today)})
        return moves

    def _build_pay(self, lots, amount):
        lots = self._spendable_lots(lots, ("paid", "bonus"))
        available = sum(lots.mapped("amount_remaining"))
        if available < amount:
            raise UserError(self.env._(
                "Card %(number)s has %(available)s available, less than the %(amount)s to pay.",
                number=self.number, available=self._format_yen(available), amount=self._format_yen(amount)))
        return self._draw(lots, amount, "payment")

    def _build_refund(self, reference):
        originals = self.env["valuecard.entry"].search(
            [("card_id", "=", self.id), ("reference", "=", reference)], order="sequence desc")
        if not originals:
            raise UserError(self.env._("Card %(number)s has no operation with reference %(reference)s to refund.",
                                       number=self.number, reference=reference))
        if originals[-1].kind not in REFUNDABLE_KINDS:
            raise UserError(self.env._("Operation %(reference)s cannot be refunded.", reference=reference))
        return [{"kind": "refund", "bucket": self._entry_bucket(entry), "amount": -self._entry_amount(entry),
                 "lot": entry.lot_id, "reversed_entry_id": entry.id} for entry in originals]

    def _build_earn_points(self, amount):
        points = amount // self.program_id.point_rate_amount
        if not points:
            return []
        today = fields.Date.context_today(self)
        days = self.program_id.points_validity_days
        return [{"kind": "points_earned", "bucket": "points", "amount": points,
                 "expiry_date": today + datetime.timedelta(days=days) if days else False}]

    def _build_spend_points(self, lots, points, kind):
        lots = self._spendable_lots(lots, ("points",))
        available = sum(lots.mapped("amount_remaining"))
        if available < points:
            raise UserError(self.env._(
                "Card %(number)s has %(available)s points, less than the %(points)s points requested.",
                number=self.number, available=available, points=points))
        return self._draw(lots, points, kind)

    def _build_convert_points(self, lots, points):
        moves = self._build_spend_points(lots, points, "conversion")
        value = points * self.program_id.point_value
        self._check_balance_limit(value)
        moves.append({"kind": "conversion", "bucket": "bonus", "amount": value,
                      "expiry_date": self._bonus_expiry(fields.Date.context_today(self))})
        return moves

    def _build_adjust(self, lots, deltas, reason):
        today = fields.Date.context_today(self)
        program = self.program_id
        expiries = {
            "paid": today + relativedelta(months=program.paid_validity_months)
            if program.paid_validity_months else False,
            "bonus": self._bonus_expiry(today),
            "points": today + datetime.timedelta(days=program.points_validity_days)
            if program.points_validity_days else False,
        }
        moves = []
        for bucket, delta in deltas.items():
            if delta > 0:
                moves.append({"kind": "adjustment", "bucket": bucket, "amount": delta,
                              "expiry_date": expiries[bucket], "reason": reason})
            elif delta < 0:
                bucket_lots = lots.filtered(lambda lot, b=bucket: lot.bucket == b)
                if sum(bucket_lots.mapped("amount_remaining")) < -delta:
                    raise UserError(self.env._("Card %(number)s does not hold enough value for this operation.",
                                               number=self.number))
                for move in self._draw(self._ordered_lots(bucket_lots), -delta, "adjustment"):
                    moves.append(dict(move, reason=reason))
        return moves

    def _build_expire(self, lots, everything=False):
        """Expiry of the ``lots`` past their date, or of ``everything`` left."""
        if not everything:
            today = fields.Date.context_today(self)
            lots = lots.filtered(lambda lot: lot.expiry_date and lot.expiry_date < today)
        return [{"kind": "expiry", "bucket": lot.bucket, "amount": -lot.amount_remaining, "lot": lot}
                for lot in lots.sorted("id")]

    def _grant_campaign(self, campaign):
        """Grant ``campaign`` to this card (once) through the posting path."""
        self.ensure_one()
        moves = []
        if campaign.amount:
            moves.append({"kind": "campaign", "bucket": "bonus", "amount": int(campaign.amount),
                          "expiry_date": campaign.expiry_date, "campaign_id": campaign.id})
        if campaign.points:
            moves.append({"kind": "campaign", "bucket": "points", "amount": campaign.points,
                          "expiry_date": campaign.expiry_date, "campaign_id": campaign.id})
        return self.sudo()._post(f"campaign:{campaign.id}", f"campaign:{campaign.id}", None,
                                 lambda card, lots: moves)

    def _draw(self, lots, amount, kind):
        moves = []
        for lot in lots:
            if amount <= 0:
                break
            take = min(lot.amount_remaining, amount)
            moves.append({"kind": kind, "bucket": lot.bucket, "amount": -take, "lot": lot})
            amount -= take
        return moves

    def _spendable_lots(self, lots, buckets):
        """The ``lots`` of ``buckets`` that can still be spent today, in spending order."""
        today = fields.Date.context_today(self)
        return self._ordered_lots(lots.filtered(lambda lot: (
            lot.bucket in buckets and (not lot.expiry_date or lot.expiry_date >= today))))

    def _ordered_lots(self, lots):
        """Value that expires sooner first; then the company's bonus/paid order."""
        first = "paid" if self.company_id.valuecard_spend_order == "paid_first" else "bonus"
        return lots.sorted(lambda lot: (
            not lot.expiry_date, lot.expiry_date or datetime.date.max, lot.bucket != first, lot.id))

    # ------------------------------------------------------------------
    # checks of the posting path
    # ------------------------------------------------------------------

    def _check_operator(self):
        if not (self.env.su or self.env.user.has_group("crm_valuecard.group_valuecard_terminal")):
            raise AccessError(self.env._("Only value card terminals and managers may run card operations."))

    @api.model
    def _check_reference(self, reference):
        if not isinstance(reference, str) or not reference.strip():
            raise UserError(self.env._("Every card operation needs a reference (for example the receipt number)."))
        reference = reference.strip()
        if len(reference) > REFERENCE_SIZE:
            raise UserError(self.env._("A reference has at most 64 characters."))
        if reference.lower().startswith(RESERVED_PREFIXES):
            raise UserError(self.env._(
                "References starting with %(prefixes)s are kept for the postings of the system: "
                "use another reference.", prefixes=", ".join(RESERVED_PREFIXES)))
        return reference

    @api.model
    def _whole_yen(self, amount, label):
        value = self._whole_signed(amount, label)
        if value <= 0:
            raise UserError(self.env._("The %(label)s must be more than zero yen.", label=label))
        return value

    @api.model
    def _whole_points(self, points):
        value = self._whole_signed(points, self.env._("number of points"))
        if value <= 0:
            raise UserError(self.env._("The number of points must be more than zero."))
        return value

    @api.model
    def _whole_signed(self, value, label):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UserError(self.env._("The %(label)s must be a number.", label=label))
        if value != value or value in (float("inf"), float("-inf")) or int(value) != value:
            raise UserError(self.env._("The %(label)s must be whole yen or points, without decimals.",
                                       label=label))
        if abs(value) > MAX_AMOUNT:
            raise UserError(self.env._("The %(label)s may be at most %(limit)s.", label=label,
                                       limit=self._format_number(MAX_AMOUNT)))
        return int(value)

    def _check_state(self, states):
        if self.state not in states:
            raise UserError(self.env._("Card %(number)s is %(state)s: this operation is not possible.",
                                       number=self.number, state=self._state_label()))
        if "expired" not in states and self._is_past_expiry():
            raise UserError(self.env._("Card %(number)s has expired.", number=self.number))

    def _limit(self, field):
        """The card's limit, or the company's when it is lower or the card has none (0: no limit)."""
        limits = [int(limit) for limit in (self[field], self.company_id["valuecard_" + field]) if limit]
        return min(limits) if limits else 0

    def _check_charge_limits(self, amount, bonus):
        max_charge = self._limit("max_charge")
        if max_charge and amount > max_charge:
            raise UserError(self.env._("A charge on card %(number)s may not exceed %(limit)s.",
                                       number=self.number, limit=self._format_yen(max_charge)))
        per_day = self._limit("max_charge_per_day")
        if per_day:
            charged = self._charged_today()
            if charged + amount > per_day:
                raise UserError(self.env._(
                    "Card %(number)s may be charged with at most %(limit)s a day; %(charged)s "
                    "were charged today.", number=self.number, limit=self._format_yen(per_day),
                    charged=self._format_yen(charged)))
        self._check_balance_limit(amount + bonus)

    def _check_balance_limit(self, added):
        max_balance = self._limit("max_balance")
        if max_balance and self.balance_paid + self.balance_bonus + added > max_balance:
            raise UserError(self.env._("Card %(number)s may hold at most %(limit)s.",
                                       number=self.number, limit=self._format_yen(max_balance)))

    def _charged_today(self):
        """Paid value charged on the card since the start of its day (a date
        compared with a datetime in a domain is the start of that day in env.tz)."""
        [(charged,)] = self.env["valuecard.entry"]._read_group(
            [("card_id", "=", self.id), ("kind", "=", "charge"), ("date", ">=", fields.Date.context_today(self))],
            aggregates=["amount_paid:sum"])
        return int(charged or 0)

    def _bonus_expiry(self, day):
        days = self.program_id.bonus_validity_days
        return day + datetime.timedelta(days=days) if days else False

    def _capped_expiry(self, expiry):
        """Value never outlives its card."""
        if self.expiry_date and (not expiry or expiry > self.expiry_date):
            return self.expiry_date
        return expiry or False

    def _format_yen(self, amount):
        """``amount`` as the screens show it (¥6,420): the card's currency,
        else the company's, in the user's language."""
        currency = (self and self[:1].currency_id) or self.env.company.currency_id
        return format_amount(self.env, amount, currency)

    def _format_number(self, value):
        """A whole number with the user's thousands separator (2,000,000,000)."""
        return formatLang(self.env, value, digits=0)

    @api.model
    def _entry_bucket(self, entry):
        if entry.amount_paid:
            return "paid"
        return "bonus" if entry.amount_bonus else "points"

    @api.model
    def _entry_amount(self, entry):
        return int(entry.amount_paid or entry.amount_bonus or entry.points)
