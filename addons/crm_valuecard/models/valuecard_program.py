from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ValuecardProgram(models.Model):
    _name = "valuecard.program"
    _description = "Value Card Program"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self._default_currency_id(),
        help="Card value is kept in whole units of this currency (yen by default).",
    )
    number_prefix = fields.Char(
        required=True, default="VC",
        help="Letters printed before the digits of every card number of this program.",
    )
    paid_validity_months = fields.Integer(
        string="Paid Value Validity (months)",
        help="Months during which charged value can be spent (0: paid value never expires).",
    )
    bonus_validity_days = fields.Integer(
        string="Bonus Validity (days)", default=180,
        help="Days during which bonus value from charges and conversions can be spent (0: never expires).",
    )
    points_validity_days = fields.Integer(
        string="Points Validity (days)", default=365,
        help="Days during which earned points can be used (0: never expire).",
    )
    card_validity_years = fields.Integer(
        string="Card Validity (years)", default=0,
        help="Years after issue when the card itself expires (0: cards never expire).",
    )
    point_rate_amount = fields.Integer(
        string="Yen per Point", default=100, required=True,
        help="A customer earns one point for every this many yen spent.",
    )
    point_value = fields.Integer(
        string="Point Value (yen)", default=1, required=True,
        help="Bonus yen a customer gets for each point converted.",
    )
    rule_ids = fields.One2many("valuecard.rule", "program_id", string="Charge Rules")
    campaign_ids = fields.One2many("valuecard.campaign", "program_id", string="Campaigns")
    card_ids = fields.One2many("valuecard.card", "program_id", string="Cards")
    card_count = fields.Integer(compute="_compute_card_count")

    _point_rate_positive = models.Constraint(
        "CHECK(point_rate_amount > 0 AND point_value > 0)",
        "The yen per point and the point value must be positive.",
    )
    _validity_not_negative = models.Constraint(
        "CHECK(paid_validity_months >= 0 AND bonus_validity_days >= 0 AND points_validity_days >= 0 "
        "AND card_validity_years >= 0)",
        "Validity periods cannot be negative.",
    )

    @api.model
    def _default_currency_id(self):
        jpy = self.env.ref("base.JPY", raise_if_not_found=False)
        return jpy or self.env.company.currency_id

    @api.depends("card_ids")
    def _compute_card_count(self):
        counts = dict(self.env["valuecard.card"]._read_group(
            [("program_id", "in", self.ids)], ["program_id"], ["__count"]))
        for program in self:
            program.card_count = counts.get(program, 0)

    @api.constrains("number_prefix")
    def _check_number_prefix(self):
        for program in self:
            prefix = program.number_prefix or ""
            if not (prefix.isascii() and prefix.isalpha() and prefix.isupper() and len(prefix) <= 6):
                raise ValidationError(self.env._(
                    "The card number prefix must be one to six capital letters (A-Z), not “%(prefix)s”.",
                    prefix=prefix))

    def action_view_cards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_valuecard.valuecard_card_action")
        action["domain"] = [("program_id", "=", self.id)]
        action["context"] = {"default_program_id": self.id}
        return action
