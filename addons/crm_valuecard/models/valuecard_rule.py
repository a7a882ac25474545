from odoo import api, fields, models

from ..tools import check_whole_yen


class ValuecardRule(models.Model):
    _name = "valuecard.rule"
    _description = "Value Card Charge Rule"
    _order = "program_id, sequence, min_amount desc, id"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("charge", "Charge Bonus")], required=True, default="charge", index=True,
        help="What the rule grants: a bonus on charges (other kinds come with other addons).")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    program_id = fields.Many2one("valuecard.program", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    min_amount = fields.Monetary(
        string="Minimum Charge", required=True, default=1000,
        help="The rule applies to charges of at least this amount; several rules make tiers.",
    )
    bonus_fixed = fields.Monetary(string="Fixed Bonus", help="Bonus value added to a matching charge.")
    bonus_percent = fields.Integer(
        string="Bonus (%)", help="Bonus value as a percentage of the charge, rounded down to the yen.")
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid Until")

    _amounts_not_negative = models.Constraint(
        "CHECK(min_amount > 0 AND COALESCE(bonus_fixed, 0) >= 0 AND COALESCE(bonus_percent, 0) BETWEEN 0 AND 100)",
        "A rule needs a positive minimum charge, a bonus that is not negative and a percentage up to 100.",
    )
    _dates_ordered = models.Constraint(
        "CHECK(date_from IS NULL OR date_to IS NULL OR date_from <= date_to)",
        "A rule cannot end before it starts.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_whole_yen(self.env, vals, ("min_amount", "bonus_fixed"))
        return super().create(vals_list)

    def write(self, vals):
        check_whole_yen(self.env, vals, ("min_amount", "bonus_fixed"))
        return super().write(vals)

    def _bonus_for(self, amount):
        """Bonus value this rule grants on a charge of ``amount`` (whole yen)."""
        self.ensure_one()
        return int(self.bonus_fixed) + amount * self.bonus_percent // 100

    @api.model
    def _best_rule(self, program, amount, day):
        """The rule of ``program`` that gives the highest bonus on a charge of
        ``amount`` on ``day``; an empty recordset when none applies."""
        rules = self.search(self._applicable_domain(program, "charge", amount, day))
        if not rules:
            return rules
        return max(rules, key=lambda rule: (rule._bonus_for(amount), -rule.sequence, rule.min_amount))

    @api.model
    def _applicable_domain(self, program, kind, amount, day):
        """The rules of ``program`` and ``kind`` that apply to ``amount`` yen on ``day``."""
        return [
            ("program_id", "=", program.id),
            ("kind", "=", kind),
            ("min_amount", "<=", amount),
            "|", ("date_from", "=", False), ("date_from", "<=", day),
            "|", ("date_to", "=", False), ("date_to", ">=", day),
        ]
