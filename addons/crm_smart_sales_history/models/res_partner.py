from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _smart_timeline_events(self, limit):
        """Daily-report lines (visits, calls, meetings of the reps) and the alerts raised on the customer."""
        events = super()._smart_timeline_events(limit)
        Line = self.env["smart.daily.report.line"]
        if Line.has_access("read"):
            for line in Line.search([("partner_id", "=", self.id)], order="date desc, start desc, id desc",
                                    limit=limit):
                title = " — ".join(text for text in (line.purpose, line.result) if text) or line.report_id.display_name
                events.append({
                    "date": line.start or line.create_date,
                    "kind": self.env._("Report: %(kind)s", kind=self._smart_selection_label(line, "kind")),
                    "title": self.env._("%(text)s (%(rep)s)", text=title, rep=line.user_id.name or ""),
                })
        Alert = self.env["smart.alert"]
        if Alert.has_access("read"):
            for alert in Alert.with_context(active_test=False).search(
                    [("partner_id", "=", self.id)], order="create_date desc, id desc", limit=limit):
                events.append({
                    "date": alert.create_date,
                    "kind": self.env._("Alert: %(kind)s", kind=self._smart_selection_label(alert, "kind")),
                    "title": alert.message,
                })
        return self._smart_timeline_sorted(events, limit)
