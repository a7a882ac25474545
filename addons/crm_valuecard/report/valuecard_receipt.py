from num2words import num2words

from odoo import api, models
from odoo.tools import float_round


class ReportValuecardReceipt(models.AbstractModel):
    """Printable receipt of value card operations.

    The report is printed for ledger entries; the entries of one operation
    (same card and reference, e.g. a charge and its bonus) make one receipt.
    """

    _name = "report.crm_valuecard.report_valuecard_receipt"
    _description = "Value Card Receipt"

    @api.model
    def _get_report_values(self, docids, data=None):
        entries = self.env["valuecard.entry"].browse(docids)
        entries.check_access("read")
        operations = {}
        for entry in entries.sorted(lambda e: (e.card_id.id, e.sequence, e.id)):
            operations.setdefault((entry.card_id, entry.reference or entry.id), []).append(entry)
        return {
            "doc_ids": docids,
            "doc_model": "valuecard.entry",
            "docs": entries,
            "receipts": [self._receipt_values(card, lines) for (card, _ref), lines in operations.items()],
        }

    @api.model
    def _receipt_values(self, card, lines):
        first, last = lines[0], lines[-1]
        paid = sum(line.amount_paid for line in lines)
        bonus = sum(line.amount_bonus for line in lines)
        # A charge is what the customer handed over; anything else is the value moved.
        amount = paid if first.kind == "charge" else abs(paid + bonus)
        return {
            "card": card,
            "company": card.company_id,
            "entry": first,
            "kind": first.kind,
            "kind_label": dict(first._fields["kind"]._description_selection(self.env))[first.kind],
            "date": first.date,
            "reference": first.reference,
            "terminal": first.terminal,
            "operator": first.operator_id,
            "masked_number": card._get_masked_number(),
            "amount": amount,
            "amount_words": self._amount_in_words(amount) if amount else "",
            "amount_paid": paid,
            "amount_bonus": bonus,
            "points": sum(line.points for line in lines),
            "balance_paid_after": last.balance_paid_after,
            "balance_bonus_after": last.balance_bonus_after,
            "points_after": last.points_after,
            # the receipt's own code, never the member token: a receipt left on
            # the counter must not open or pay with the card
            "receipt_code": first.receipt_code,
            "qr_src": card._get_qr_data_uri(first.receipt_code),
        }

    @api.model
    def _amount_in_words(self, amount):
        """A yen amount in Japanese words, as written on receipts: 12000 → 一万二千円."""
        yen = int(float_round(abs(amount), precision_digits=0))
        return "%s円" % num2words(yen, lang="ja")
