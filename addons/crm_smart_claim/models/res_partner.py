from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    smart_inquiry_open_count = fields.Integer(
        string="Open Inquiries", compute="_compute_smart_inquiry_open_count")

    def _compute_smart_inquiry_open_count(self):
        Inquiry = self.env["smart.inquiry"]
        if not Inquiry.has_access("read"):
            self.smart_inquiry_open_count = 0
            return
        counts = dict(Inquiry._read_group(
            [("partner_id", "child_of", self._origin.commercial_partner_id.ids), ("state", "!=", "closed")],
            ["partner_id"], ["__count"]))
        for partner in self:
            partner.smart_inquiry_open_count = sum(
                count for inquiry_partner, count in counts.items()
                if inquiry_partner.commercial_partner_id == partner.commercial_partner_id)

    def action_view_smart_inquiries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smart_claim.smart_inquiry_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_not_closed": 1}
        return action
