from odoo import api, fields, models, tools


class ValuecardRule(models.Model):
    _inherit = "valuecard.rule"

    kind = fields.Selection(selection_add=[("visit", "Points per Visit")], ondelete={"visit": "cascade"})
    visit_points = fields.Integer(string="Points per Visit",
                                  help="Points granted when the card pays for a visit of at least the minimum.")
    visit_max_per_day = fields.Integer(string="Visits per Day", default=1,
                                       help="Paid visits of a card that earn points on one day, at most.")

    _visit_points_valid = models.Constraint(
        "CHECK(kind != 'visit' OR (visit_points > 0 AND visit_max_per_day > 0))",
        "A points-per-visit rule grants at least one point, on at least one visit a day.",
    )

    def _best_visit_rule(self, program, amount, day):
        """The points-per-visit rule of ``program`` granting the most points for
        a payment of ``amount`` on ``day``; an empty recordset when none applies."""
        return self.search(self._applicable_domain(program, "visit", amount, day),
                           order="visit_points desc, sequence, id", limit=1)

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache()
    def _visit_rule_program_ids(self):
        """Programs with an active points-per-visit rule: a payment on any other
        program looks for no rule (no query on the payment's hot path)."""
        return frozenset(self.sudo().search([("kind", "=", "visit")]).program_id.ids)
