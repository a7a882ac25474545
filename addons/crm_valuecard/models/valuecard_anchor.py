import base64
import hashlib
import hmac as hmac_lib
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

#: the option of the server configuration holding the signing key
ANCHOR_KEY_OPTION = "valuecard_anchor_key"
ANCHOR_FORMAT = "crm_valuecard.anchor/1"
# only the anchoring job creates anchors: a marker no RPC call can send
ANCHORING = object()


def anchor_key():
    """The key that signs the anchors, read from the server configuration:
    never from the database, so whoever can rewrite the database cannot sign."""
    key = config.get(ANCHOR_KEY_OPTION)
    return key.strip() if isinstance(key, str) else ""


def anchor_signature(key, content):
    return hmac_lib.new(key.encode(), content, hashlib.sha256).hexdigest()


class ValuecardAnchor(models.Model):
    """A signed digest of every card's last ledger hash, made nightly.

    The hash chain of the ledger proves that no entry changed *relative to
    the entries after it*; someone who can write the database can still
    rewrite a card's whole history and recompute its hashes. An anchor
    records, for each card, its last entry and hash in a file signed with
    a key of the server configuration: a later rewrite of anything up to
    that entry changes the anchored hash, and the signature cannot be
    forged without the key. The file is downloadable, to keep copies
    outside the server."""

    _name = "valuecard.anchor"
    _description = "Value Card Ledger Anchor"
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    card_count = fields.Integer(string="Cards", readonly=True)
    state = fields.Selection([("signed", "Signed"), ("unsigned", "Not Signed")], required=True, readonly=True)
    digest = fields.Char(string="SHA-256 of the File", readonly=True)
    signature = fields.Char(
        readonly=True,
        help="HMAC-SHA256 of the file with the key of the server configuration (valuecard_anchor_key).")
    file = fields.Binary(string="Anchor File", attachment=True, readonly=True)
    file_name = fields.Char(readonly=True)
    note = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("valuecard_anchoring") is not ANCHORING:
            raise UserError(self.env._("Ledger anchors are made by the anchoring job only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("Ledger anchors cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_superuser_only(self):
        if not self.env.su:
            raise UserError(self.env._("Ledger anchors cannot be deleted."))

    # ------------------------------------------------------------------
    # buttons and scheduled job
    # ------------------------------------------------------------------

    def action_anchor_now(self):
        """Administrators: anchor the ledgers of the current companies now."""
        if not self.env.user.has_group("crm_smart_base.group_smart_admin"):
            raise AccessError(self.env._("Only Smart CRM administrators may anchor the value card ledger."))
        if not anchor_key():
            raise UserError(self._missing_key_message())
        self.sudo()._anchor(self.env.companies)
        return {
            "type": "ir.actions.act_window",
            "res_model": "valuecard.anchor",
            "view_mode": "list,form",
            "name": self.env._("Ledger Anchors"),
        }

    @api.model
    def _cron_anchor(self):
        groups = self.env["valuecard.card"].sudo()._read_group([], ["company_id"])
        return self.sudo()._anchor(self.env["res.company"].union(*(company for (company,) in groups)))

    @api.model
    def _anchor(self, companies):
        """One anchor per company: each card's last entry and hash, in a file
        signed with the configured key (or left unsigned, and said so)."""
        key = anchor_key()
        anchors = self.browse()
        for company in companies:
            rows = self.env.execute_query_dict(SQL("""
                SELECT DISTINCT ON (e.card_id) e.card_id, c.number, e.id AS entry_id, e.sequence, e.hash
                  FROM valuecard_entry e JOIN valuecard_card c ON c.id = e.card_id
                 WHERE e.company_id = %s
                 ORDER BY e.card_id, e.sequence DESC
            """, company.id))
            previous = self.search([("company_id", "=", company.id), ("state", "=", "signed")], limit=1)
            now = fields.Datetime.now()
            content = json.dumps({
                "format": ANCHOR_FORMAT,
                "company_id": company.id,
                "company": company.name,
                "date": fields.Datetime.to_string(now),
                "previous_signature": previous.signature or "",
                "cards": rows,
            }, ensure_ascii=False, indent=1).encode()
            vals = {
                "date": now,
                "company_id": company.id,
                "card_count": len(rows),
                "digest": hashlib.sha256(content).hexdigest(),
                "file": base64.b64encode(content),
                "file_name": "valuecard-anchor-%s-%s.json" % (company.id, now.strftime("%Y%m%d-%H%M%S")),
            }
            if key:
                vals.update(state="signed", signature=anchor_signature(key, content))
            else:
                _logger.warning("Value card ledger anchor of company %s not signed: no %s in the server "
                                "configuration", company.id, ANCHOR_KEY_OPTION)
                vals.update(state="unsigned", note=self._missing_key_message())
            anchors |= self.with_context(valuecard_anchoring=ANCHORING).create(vals)
        return anchors

    # ------------------------------------------------------------------
    # verification (part of valuecard.card.check_integrity)
    # ------------------------------------------------------------------

    @api.model
    def _missing_key_message(self):
        return self.env._("Ledger anchors are not configured: the server configuration has no %(option)s, so "
                          "anchors cannot be signed or verified.", option=ANCHOR_KEY_OPTION)

    @api.model
    def _anchor_problems(self, card_ids=None, company_ids=None):
        """Problems found by checking the ledger against the anchors: anchors
        whose file or signature changed, a missing anchor in a company's
        series, and anchored entries that no longer exist or no longer hold
        the anchored hash (the history was rewritten after the anchor).

        The rest of the chain is verified by the ledger check itself: when the
        anchored entry keeps its hash and every link holds, nothing up to it
        changed."""
        scope = []
        if card_ids is not None:
            scope = [("company_id", "in", self.env["valuecard.card"].browse(card_ids).company_id.ids)]
        elif company_ids is not None:
            scope = [("company_id", "in", list(company_ids))]
        key = anchor_key()
        if not key:
            # anchors were made (unsigned, or signed with a key since removed) but cannot be verified
            return [self._problem(None, None, self._missing_key_message())] if self.search_count(scope, limit=1) \
                else []
        problems, anchored, previous = [], {}, {}
        wanted = set(card_ids) if card_ids is not None else None
        for anchor in self.search([("state", "=", "signed"), *scope], order="company_id, date, id"):
            content = base64.b64decode(anchor.file or b"")
            expected = previous.get(anchor.company_id.id, "")
            previous[anchor.company_id.id] = anchor.signature
            if not (hmac_lib.compare_digest(anchor_signature(key, content), anchor.signature or "")
                    and hashlib.sha256(content).hexdigest() == anchor.digest):
                problems.append(self._problem(None, None, self.env._(
                    "the ledger anchor of %(date)s (id %(id)s) does not match its signature: the anchor or its "
                    "file was changed, or it was signed with another key",
                    date=fields.Datetime.to_string(anchor.date), id=anchor.id)))
                continue
            data = json.loads(content)
            if data["previous_signature"] != expected or data["company_id"] != anchor.company_id.id:
                problems.append(self._problem(None, None, self.env._(
                    "the ledger anchor of %(date)s (id %(id)s) does not follow the anchor before it: an anchor "
                    "was removed or moved", date=data["date"], id=anchor.id)))
            for line in data["cards"]:
                if wanted is None or line["card_id"] in wanted:
                    anchored.setdefault(line["entry_id"], dict(line, date=data["date"]))
        if anchored:
            problems += self._rewritten_entries(anchored)
        return problems

    @api.model
    def _rewritten_entries(self, anchored):
        """Anchored entries (``{entry_id: line}``) missing or changed in the ledger, in one query."""
        lines = list(anchored.values())
        rows = self.env.execute_query_dict(SQL("""
            SELECT v.entry_id, e.id IS NOT NULL AS found
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::text[]) AS v(entry_id, card_id, sequence, hash)
              LEFT JOIN valuecard_entry e ON e.id = v.entry_id
             WHERE e.id IS NULL OR e.card_id <> v.card_id OR e.sequence <> v.sequence
                OR e.hash IS DISTINCT FROM v.hash
             ORDER BY v.card_id, v.sequence
        """, [line["entry_id"] for line in lines], [line["card_id"] for line in lines],
            [line["sequence"] for line in lines], [line["hash"] for line in lines]))
        problems = []
        for row in rows:
            line = anchored[row["entry_id"]]
            if row["found"]:
                message = self.env._(
                    "card %(number)s: ledger entry %(sequence)s (id %(entry_id)s) no longer holds the hash of the "
                    "anchor of %(date)s: the card's history was rewritten after it was anchored", **line)
            else:
                message = self.env._(
                    "card %(number)s: ledger entry %(sequence)s (id %(entry_id)s) of the anchor of %(date)s no "
                    "longer exists: the card's history was rewritten after it was anchored", **line)
            problems.append(self._problem(line["card_id"], line["entry_id"], message))
        return problems

    @api.model
    def _problem(self, card_id, entry_id, message):
        return {"card_id": card_id, "entry_id": entry_id, "lot_id": None, "problem": "anchor", "message": message}
