from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_smart_base.tools import convert


class SmartFieldTargetMixin(models.AbstractModel):
    """Behaviour every model that receives custom fields shares: normalised
    email, phone and URL values and a currency for money fields.

    Customers inherit it; database models get it when the registry builds them
    (see ``ir.model._instanciate_attrs``)."""
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
        return super().create([self._smart_normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._smart_normalize_vals(vals))

    @api.model
    def _smart_normalize_vals(self, vals):
        """``vals`` with its email, phone and URL custom values validated and normalised."""
        normalized = self.env["smart.field"].sudo()._normalized_fields(self._name)
        if not normalized or not normalized.keys() & vals.keys():
            return vals
        vals = dict(vals)
        region = self.env.company.country_id.code or "JP"
        for fname, kind in normalized.items():
            if vals.get(fname):
                label = self._fields[fname]._description_string(self.env)
                try:
                    vals[fname] = convert.convert(kind, vals[fname], region=region, label=label)
                except convert.ConvertError as error:
                    raise ValidationError(self.env._(error.message)) from None
        return vals
