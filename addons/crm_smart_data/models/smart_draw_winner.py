from odoo import api, fields, models


class SmartDrawWinner(models.Model):
    _name = "smart.draw.winner"
    _description = "Smart CRM prize draw winner"
    _order = "draw_id, rank"

    draw_id = fields.Many2one("smart.draw", required=True, ondelete="cascade", index=True)
    rank = fields.Integer(required=True)
    res_model = fields.Char(related="draw_id.res_model", store=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", required=True, index=True)
    record_name = fields.Char(string="Winner", compute="_compute_record_name")
    company_id = fields.Many2one(related="draw_id.company_id", store=True)

    _rank_unique = models.Constraint("UNIQUE (draw_id, rank)", "Each rank is won once per draw.")

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for winner in self:
            record = self.env[winner.res_model].browse(winner.res_id).exists() if winner.res_model else None
            winner.record_name = record.display_name if record else self.env._("(deleted record %s)", winner.res_id)
