import hashlib
import hmac as hmac_lib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import hmac

ENTRY_KINDS = [
    ("charge", "Charge"),
    ("bonus", "Bonus"),
    ("campaign", "Campaign Grant"),
    ("payment", "Payment"),
    ("refund", "Refund"),
    ("points_earned", "Points Earned"),
    ("points_redeemed", "Points Redeemed"),
    ("conversion", "Conversion"),
    ("expiry", "Expiry"),
    ("adjustment", "Adjustment"),
    ("transfer", "Transfer"),
]
#: kinds of the first entry of an operation that a refund may reverse; the
#: other entries posted with the same reference (a charge's bonus) go with it
REFUNDABLE_KINDS = ("charge", "payment", "points_earned", "points_redeemed", "conversion")

# Fields sealed by the hash, in this order. The same serialisation exists in
# SQL (_sql_canonical) so the integrity check can verify a million entries in
# the database; both must stay identical.
HASHED_INTEGERS = ("card_id", "company_id", "sequence", "amount_paid", "amount_bonus", "points", "lot_id",
                   "operator_id", "reversed_entry_id", "campaign_id", "balance_paid_after",
                   "balance_bonus_after", "points_after")
HASHED_TEXTS = ("kind", "operation", "reference", "terminal", "reason")
#: the code printed on a receipt: it names one ledger entry, never a card
RECEIPT_CODE_PREFIX = "VCR"


def canonical(values):
    """Canonical text of an entry: integers as digits, dates in ISO form and
    texts prefixed by their length, so no value can imitate a separator."""
    parts = [str(int(values.get(name) or 0)) for name in HASHED_INTEGERS]
    date = values["date"]
    parts.append(fields.Datetime.to_string(date) if not isinstance(date, str) else date)
    expiry = values.get("expiry_date")
    parts.append(fields.Date.to_string(expiry) if expiry and not isinstance(expiry, str) else (expiry or ""))
    for name in HASHED_TEXTS:
        text = values.get(name) or ""
        parts.append("%d:%s" % (len(text), text))
    parts.append(values.get("prev_hash") or "")
    return "|".join(parts)


def entry_hash(values):
    return hashlib.sha256(canonical(values).encode()).hexdigest()


class ValuecardEntry(models.Model):
    """The ledger: one immutable row per movement of value on a card. Rows
    are inserted with SQL by the posting path (valuecard.card._post) and
    never changed; corrections are reversals. Each row is chained to the
    card's previous row by hash."""

    _name = "valuecard.entry"
    _description = "Value Card Ledger Entry"
    _order = "card_id, sequence desc"
    _rec_name = "reference"

    card_id = fields.Many2one("valuecard.card", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="card_id.currency_id")
    partner_id = fields.Many2one(related="card_id.partner_id", string="Customer")
    sequence = fields.Integer(required=True, readonly=True, help="Position of the entry in the card's ledger.")
    date = fields.Datetime(required=True, readonly=True, index=True)
    kind = fields.Selection(ENTRY_KINDS, required=True, readonly=True, index=True)
    operation = fields.Char(
        readonly=True, help="Operation and arguments that posted the entry; a repeated reference must match it.")
    amount_paid = fields.Monetary(string="Paid", readonly=True, help="Change of paid value (negative: spent).")
    amount_bonus = fields.Monetary(string="Bonus", readonly=True, help="Change of bonus value (negative: spent).")
    points = fields.Integer(readonly=True, help="Change of points (negative: used).")
    lot_id = fields.Many2one("valuecard.lot", readonly=True, index="btree_not_null", ondelete="cascade")
    expiry_date = fields.Date(readonly=True, help="Expiry of the value this entry added.")
    reference = fields.Char(required=True, readonly=True, index=True)
    operator_id = fields.Many2one("res.users", readonly=True, ondelete="restrict")
    terminal = fields.Char(string="Terminal / Store", readonly=True)
    reversed_entry_id = fields.Many2one("valuecard.entry", string="Reverses", readonly=True,
                                        index="btree_not_null", ondelete="cascade")
    campaign_id = fields.Many2one("valuecard.campaign", readonly=True, index="btree_not_null",
                                  ondelete="cascade")
    reason = fields.Char(readonly=True)
    balance_paid_after = fields.Monetary(string="Paid Balance After", readonly=True)
    balance_bonus_after = fields.Monetary(string="Bonus Balance After", readonly=True)
    points_after = fields.Integer(readonly=True)
    prev_hash = fields.Char(string="Previous Hash", readonly=True)
    hash = fields.Char(readonly=True, help="SHA-256 of this entry and the previous entry's hash.")
    coupon_ids = fields.One2many("valuecard.coupon", "redeemed_entry_id",
                                 help="The coupon used with the payment this entry starts.")
    receipt_code = fields.Char(
        compute="_compute_receipt_code", search="_search_receipt_code",
        help="Code printed on the receipt of the operation: search it here to check a receipt. It names "
        "the entry only and cannot be used to pay or to open the member card.")

    _card_sequence_unique = models.Constraint(
        "UNIQUE(card_id, sequence)", "Two ledger entries of one card cannot share a position.")

    def init(self):
        # Refuse in the database itself what the ORM refuses: changing a sealed
        # column or deleting a row (cards are removed only when the addon is).
        sealed = SQL(" OR ").join(
            SQL("NEW.%(col)s IS DISTINCT FROM OLD.%(col)s", col=SQL.identifier(name))
            for name in (*HASHED_INTEGERS, *HASHED_TEXTS, "date", "expiry_date", "prev_hash", "hash"))
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE FUNCTION valuecard_entry_immutable() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'valuecard ledger entries cannot be deleted';
                END IF;
                IF %(sealed)s THEN
                    RAISE EXCEPTION 'valuecard ledger entries cannot be changed';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;
            DROP TRIGGER IF EXISTS valuecard_entry_immutable ON valuecard_entry;
            CREATE TRIGGER valuecard_entry_immutable BEFORE UPDATE OR DELETE ON valuecard_entry
                FOR EACH ROW EXECUTE FUNCTION valuecard_entry_immutable();
        """, sealed=sealed))

    def _compute_receipt_code(self):
        for entry in self:
            entry.receipt_code = f"{RECEIPT_CODE_PREFIX}-{entry.id}-{entry._receipt_signature()}" if entry.id else ""

    def _search_receipt_code(self, operator, value):
        # "=" reaches here as "in"; a code is found whole, so "ilike" is "="
        if operator == "in":
            codes = value
        elif operator == "ilike":
            codes = [value]
        else:
            return NotImplemented
        return [("id", "in", [entry.id for entry in map(self._from_receipt_code, codes) if entry])]

    @api.model
    def _from_receipt_code(self, code):
        """The entry whose receipt shows ``code`` (empty when it is not a genuine one)."""
        parts = code.strip().upper().split("-") if isinstance(code, str) else []
        if len(parts) != 3 or parts[0] != RECEIPT_CODE_PREFIX or not parts[1].isdigit():
            return self.browse()
        entry = self.browse(int(parts[1])).sudo().exists()
        if not entry or not hmac_lib.compare_digest(entry._receipt_signature(), parts[2].lower()):
            return self.browse()
        return entry

    @api.model_create_multi
    def create(self, vals_list):
        if vals_list:
            raise UserError(self.env._("Ledger entries are posted by value card operations only."))
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Ledger entries cannot be changed; post a reversal instead."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Ledger entries cannot be deleted; post a reversal instead."))

    def _receipt_signature(self):
        """Signature of the receipt code of this entry: under its own scope of
        the database secret, so it can never pass for a member-card token."""
        entry = self.sudo()
        return hmac(self.env(su=True), "valuecard-receipt", (entry.id, entry.card_id.id, entry.hash or ""))[:20]

    @api.model
    def _sql_canonical(self, alias):
        """SQL expression of canonical() over the row ``alias`` of this table."""
        def col(name):
            return SQL.identifier(alias, name)
        numeric = {"amount_paid", "amount_bonus", "balance_paid_after", "balance_bonus_after"}
        parts = [SQL("COALESCE(%s, 0)::bigint::text" if name in numeric else "COALESCE(%s, 0)::text", col(name))
                 for name in HASHED_INTEGERS]
        parts.append(SQL("to_char(%s, 'YYYY-MM-DD HH24:MI:SS')", col("date")))
        parts.append(SQL("COALESCE(to_char(%s, 'YYYY-MM-DD'), '')", col("expiry_date")))
        parts.extend(SQL("length(COALESCE(%(c)s, ''))::text || ':' || COALESCE(%(c)s, '')", c=col(name))
                     for name in HASHED_TEXTS)
        parts.append(SQL("COALESCE(%s, '')", col("prev_hash")))
        return SQL("concat_ws('|', %s)", SQL(", ").join(parts))

    @api.model
    def _integrity_problems(self, card_ids=None, company_ids=None):
        """Every disagreement between cards, lots and the ledger (see
        valuecard.card.check_integrity), computed in four SQL queries over
        the cards ``card_ids``, else those of ``company_ids``, else all."""
        self.env.flush_all()
        if card_ids is not None:
            scope = SQL("%s", tuple(card_ids))
        elif company_ids is not None:
            scope = SQL("(SELECT id FROM valuecard_card WHERE company_id IN %s)", tuple(company_ids))
        else:
            scope = None

        def where(column):
            return SQL("TRUE") if scope is None else SQL("%s IN %s", SQL.identifier(*column.split(".")), scope)

        # sorts and aggregates over millions of entries stay in memory
        self.env.cr.execute(SQL("SET LOCAL work_mem = '64MB'"))
        # every pass scans the whole ledger and returns almost nothing: let
        # PostgreSQL spread the scans (and the hashing) over parallel workers
        self.env.cr.execute(SQL("SET LOCAL parallel_tuple_cost = 0"))
        self.env.cr.execute(SQL("SET LOCAL parallel_setup_cost = 0"))
        problems = []

        def collect(query, problem, message):
            for row in self.env.execute_query_dict(query):
                problems.append({
                    "card_id": row.get("card_id"), "entry_id": row.get("entry_id"), "lot_id": row.get("lot_id"),
                    "problem": problem, "message": message(row),
                })

        # 1. card balances against the sums of the ledger and its last entry
        collect(SQL("""
            SELECT c.id AS card_id, c.number, c.balance_paid::bigint AS card_paid,
                   c.balance_bonus::bigint AS card_bonus, c.points AS card_points,
                   COALESCE(s.paid, 0) AS paid, COALESCE(s.bonus, 0) AS bonus, COALESCE(s.points, 0) AS points,
                   COALESCE(s.last_sequence, 0) AS last_sequence, c.ledger_sequence
              FROM valuecard_card c
              LEFT JOIN (SELECT card_id, SUM(COALESCE(amount_paid, 0))::bigint AS paid,
                                SUM(COALESCE(amount_bonus, 0))::bigint AS bonus,
                                SUM(COALESCE(points, 0))::bigint AS points, MAX(sequence) AS last_sequence
                           FROM valuecard_entry WHERE %(entries)s GROUP BY card_id) s ON s.card_id = c.id
              LEFT JOIN valuecard_entry last ON last.card_id = c.id AND last.sequence = s.last_sequence
             WHERE %(cards)s
               AND (COALESCE(c.balance_paid, 0)::bigint <> COALESCE(s.paid, 0)
                    OR COALESCE(c.balance_bonus, 0)::bigint <> COALESCE(s.bonus, 0)
                    OR COALESCE(c.points, 0) <> COALESCE(s.points, 0)
                    OR COALESCE(c.ledger_sequence, 0) <> COALESCE(s.last_sequence, 0)
                    OR COALESCE(c.ledger_hash, '') <> COALESCE(last.hash, ''))
        """, entries=where("card_id"), cards=where("c.id")), "balance", lambda r: self.env._(
            "card %(number)s holds %(card_paid)s paid / %(card_bonus)s bonus / %(card_points)s points but its "
            "ledger adds up to %(paid)s / %(bonus)s / %(points)s (last entry %(last_sequence)s, card says "
            "%(ledger_sequence)s)", **r))

        # 2. each entry's content against its own hash
        entry_faults = {}
        for row in self.env.execute_query_dict(SQL("""
            SELECT e.id AS entry_id, e.card_id, e.sequence FROM valuecard_entry e
             WHERE %(entries)s
               AND e.hash IS DISTINCT FROM encode(sha256(textsend(%(canonical)s)), 'hex')
        """, canonical=self._sql_canonical("e"), entries=where("e.card_id"))):
            entry_faults[row["entry_id"]] = dict(row, faults=[self.env._("its content does not match its hash")])

        # 3. each entry's link to the previous one, position and running balances
        fault_texts = {
            "link_ok": self.env._("it is not chained to the previous entry"),
            "sequence_ok": self.env._("an entry is missing before it"),
            "running_ok": self.env._("its balances after do not add up"),
        }
        for row in self.env.execute_query_dict(SQL("""
            SELECT * FROM (
                SELECT e.id AS entry_id, e.card_id, e.sequence,
                       COALESCE(e.prev_hash, '') = COALESCE(LAG(e.hash) OVER w, '') AS link_ok,
                       e.sequence IS NOT DISTINCT FROM ROW_NUMBER() OVER w AS sequence_ok,
                       COALESCE(e.balance_paid_after
                                = COALESCE(LAG(e.balance_paid_after) OVER w, 0) + COALESCE(e.amount_paid, 0)
                                AND e.balance_bonus_after
                                = COALESCE(LAG(e.balance_bonus_after) OVER w, 0) + COALESCE(e.amount_bonus, 0)
                                AND e.points_after = COALESCE(LAG(e.points_after) OVER w, 0) + COALESCE(e.points, 0),
                                FALSE) AS running_ok
                  FROM valuecard_entry e
                 WHERE %(entries)s
                WINDOW w AS (PARTITION BY e.card_id ORDER BY e.sequence)
            ) t WHERE NOT (link_ok AND sequence_ok AND running_ok)
        """, entries=where("e.card_id"))):
            fault = entry_faults.setdefault(row["entry_id"], dict(row, faults=[]))
            fault["faults"] += [text for key, text in fault_texts.items() if not row[key]]
        for fault in sorted(entry_faults.values(), key=lambda f: (f["card_id"], f["sequence"])):
            problems.append({
                "card_id": fault["card_id"], "entry_id": fault["entry_id"], "lot_id": None, "problem": "entry",
                "message": self.env._("ledger entry %(sequence)s (id %(entry_id)s) of card %(card_id)s: %(what)s",
                                      sequence=fault["sequence"], entry_id=fault["entry_id"],
                                      card_id=fault["card_id"], what=", ".join(fault["faults"])),
            })

        # 4. lots against the entries that created and consumed them
        collect(SQL("""
            SELECT l.id AS lot_id, l.card_id, l.amount_initial, l.amount_remaining,
                   COALESCE(s.total, 0) AS total,
                   COALESCE(o.amount_paid, 0) + COALESCE(o.amount_bonus, 0) + COALESCE(o.points, 0) AS initial
              FROM valuecard_lot l
              LEFT JOIN (SELECT lot_id, SUM(COALESCE(amount_paid, 0) + COALESCE(amount_bonus, 0)
                                            + COALESCE(points, 0))::bigint AS total
                           FROM valuecard_entry WHERE lot_id IS NOT NULL AND %(entries)s
                          GROUP BY lot_id) s ON s.lot_id = l.id
              LEFT JOIN valuecard_entry o ON o.id = l.entry_id AND o.lot_id = l.id
             WHERE %(lots)s
               AND (COALESCE(l.amount_remaining, 0) <> COALESCE(s.total, 0)
                    OR COALESCE(l.amount_initial, 0)
                       <> COALESCE(o.amount_paid, 0) + COALESCE(o.amount_bonus, 0) + COALESCE(o.points, 0))
        """, entries=where("card_id"), lots=where("l.card_id")), "lot", lambda r: self.env._(
            "lot %(lot_id)s of card %(card_id)s has %(amount_remaining)s left of %(amount_initial)s but its "
            "ledger entries add up to %(total)s left of %(initial)s", **r))
        return problems
