from odoo import api, models

from .smart_database import MODEL_PREFIX


class IrModel(models.Model):
    _inherit = "ir.model"

    @api.model
    def _instanciate_attrs(self, model_data):
        """Database models carry custom fields as customers do, so they get the
        same behaviour: normalised and validated email, phone and URL values."""
        attrs = super()._instanciate_attrs(model_data)
        if model_data["model"].startswith(MODEL_PREFIX):
            parents = attrs.get("_inherit") or []
            parents = [parents] if isinstance(parents, str) else parents
            attrs["_inherit"] = [*parents, "smart.field.target.mixin"]
        return attrs
