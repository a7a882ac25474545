from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    smart_open_inquiry_ids = fields.One2many(
        "smart.inquiry", "partner_id", string="Inquiries Still Open", domain=[("state", "!=", "closed")])

    def _smart_timeline_events(self, limit):
        """Inquiries and complaints, by the day they came in, with their status."""
        events = super()._smart_timeline_events(limit)
        Inquiry = self.env["smart.inquiry"]
        if not Inquiry.has_access("read"):
            return events
        inquiries = Inquiry.search([("partner_id", "child_of", self.commercial_partner_id.id)], limit=limit)
        for inquiry in inquiries:
            events.append({
                "date": inquiry.date_open,
                "kind": self._smart_selection_label(inquiry, "kind"),
                "title": self.env._("%(subject)s (%(status)s)", subject=inquiry.name,
                                    status=self._smart_selection_label(inquiry, "state")),
            })
        return self._smart_timeline_sorted(events, limit)
