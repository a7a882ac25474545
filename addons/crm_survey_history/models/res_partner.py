from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    smart_survey_response_count = fields.Integer(
        string="Survey Answers", compute="_compute_smart_survey_response_count",
        help="Surveys the customer completed.")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_smart_survey_response_count(self):
        Response = self.env["survey.user_input"]
        if not Response.has_access("read"):
            self.smart_survey_response_count = 0
            return
        counts = dict(Response._read_group(
            [("partner_id", "in", self.ids), ("state", "=", "done"), ("test_entry", "=", False)],
            ["partner_id"], ["__count"]))
        for partner in self:
            partner.smart_survey_response_count = counts.get(partner._origin, 0)

    def action_view_smart_survey_responses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("survey.action_survey_user_input")
        action["domain"] = [("partner_id", "=", self.id), ("test_entry", "=", False)]
        action["context"] = {"create": False, "search_default_completed": 1}
        return action

    def _smart_timeline_events(self, limit):
        """Survey answers: invitations, answers begun and completed."""
        events = super()._smart_timeline_events(limit)
        Response = self.env["survey.user_input"]
        if not Response.has_access("read"):
            return events
        titles = {
            "new": self.env._("%(survey)s (invited)"),
            "in_progress": self.env._("%(survey)s (not finished)"),
            "done": self.env._("%(survey)s (answered)"),
        }
        responses = Response.search([("partner_id", "=", self.id), ("test_entry", "=", False)],
                                    order="create_date desc, id desc", limit=limit)
        for response in responses:
            events.append({
                "date": response.end_datetime or response.start_datetime or response.create_date,
                "kind": self.env._("Survey"),
                "title": titles.get(response.state, "%(survey)s") % {"survey": response.survey_id.title},
            })
        return self._smart_timeline_sorted(events, limit)
