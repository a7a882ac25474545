from odoo import api, models

from odoo.addons.crm_smart_data.models.smart_database import MODEL_PREFIX


class IrModel(models.Model):
    _inherit = "ir.model"

    @api.model
    def _instanciate_attrs(self, model_data):
        """Databases with an email field can be mailed, like customers."""
        attrs = super()._instanciate_attrs(model_data)
        if model_data["model"].startswith(MODEL_PREFIX):
            parents = attrs.get("_inherit") or []
            parents = [parents] if isinstance(parents, str) else parents
            # first, so that its mailing attributes win over those of mail.thread
            attrs["_inherit"] = ["smart.mail.target.mixin", *parents]
        return attrs
