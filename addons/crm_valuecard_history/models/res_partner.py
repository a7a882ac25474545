from odoo import models

# entries already in the timeline as the visit they recorded
VISIT_ENTRY_KINDS = ("payment",)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _smart_timeline_events(self, limit):
        """Value-card movements of the customer's cards: charges, points,
        refunds, expiry … (a payment shows as the visit it recorded)."""
        events = super()._smart_timeline_events(limit)
        Entry = self.env["valuecard.entry"]
        if not Entry.has_access("read"):
            return events
        entries = Entry.search([("card_id.partner_id", "=", self.id), ("kind", "not in", VISIT_ENTRY_KINDS)],
                               order="date desc, id desc", limit=limit)
        for entry in entries:
            parts = []
            if entry.amount_paid or entry.amount_bonus:
                parts.append(self.env._("%(amount)s yen", amount=f"{int(entry.amount_paid + entry.amount_bonus):+,}"))
            if entry.points:
                parts.append(self.env._("%(points)s points", points=f"{entry.points:+,}"))
            events.append({
                "date": entry.date,
                "kind": self.env._("Value Card: %(kind)s", kind=self._smart_selection_label(entry, "kind")),
                "title": " ".join([entry.card_id.display_name, *parts]),
            })
        return self._smart_timeline_sorted(events, limit)
