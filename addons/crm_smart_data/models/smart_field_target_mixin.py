from odoo import api, fields, models


class SmartFieldTargetMixin(models.AbstractModel):
    """Behaviour every model that receives custom fields shares: normalised
    email and phone values and a currency for money fields."""
    _name = "smart.field.target.mixin"
    _description = "Model with Custom Fields"

    smart_currency_id = fields.Many2one("res.currency", string="Currency (Custom Fields)",
                                        compute="_compute_smart_currency_id")

    @api.depends_context("company")
    def _compute_smart_currency_id(self):
        for record in self:
            company = record["company_id"] if "company_id" in record._fields else False
            record.smart_currency_id = (company or self.env.company).currency_id

    @api.model_create_multi
    def create(self, vals_list):
        SmartField = self.env["smart.field"].sudo()
        vals_list = [SmartField._normalize_values(self, vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        vals = self.env["smart.field"].sudo()._normalize_values(self, vals)
        return super().write(vals)
