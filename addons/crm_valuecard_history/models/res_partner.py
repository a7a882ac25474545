from odoo import api, models

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
            amount = entry.amount_paid + entry.amount_bonus
            if amount:
                # signed, as a movement reads (+¥20,000, -¥300), the amount as the screens show it
                parts.append(("+" if amount > 0 else "-") + entry.card_id._format_yen(abs(amount)))
            if entry.points:
                parts.append(self.env._("%(points)s points", points=f"{entry.points:+,}"))
            events.append({
                "date": entry.date,
                "kind": self.env._("Value Card: %(kind)s", kind=self._smart_selection_label(entry, "kind")),
                "title": " ".join([entry.card_id.display_name, *parts]),
            })
        return self._smart_timeline_sorted(events, limit)

    @api.model
    def _smart_visit_title(self, visit):
        """A visit paid with a coupon names it, with its discount, in the reader's language."""
        title = super()._smart_visit_title(visit)
        return f"{title} — {visit.coupon_note}" if visit.coupon_note else title
