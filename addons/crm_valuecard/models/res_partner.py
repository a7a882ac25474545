from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    valuecard_card_count = fields.Integer(string="Value Cards", compute="_compute_valuecard_figures")
    valuecard_balance = fields.Integer(string="Card Balance", compute="_compute_valuecard_figures",
                                       help="Paid and bonus value left on the customer's cards, in yen.")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_valuecard_figures(self):
        if not self.env["valuecard.card"].has_access("read"):
            self.valuecard_card_count = self.valuecard_balance = 0
            return
        figures = {
            partner: (count, int((paid or 0) + (bonus or 0)))
            for partner, count, paid, bonus in self.env["valuecard.card"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"],
                ["__count", "balance_paid:sum", "balance_bonus:sum"])
        }
        for partner in self:
            partner.valuecard_card_count, partner.valuecard_balance = figures.get(partner._origin, (0, 0))

    def action_view_valuecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_valuecard.valuecard_card_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
