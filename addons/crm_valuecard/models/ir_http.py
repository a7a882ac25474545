from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Counter staff land on the counter screen (a default by group: the
        user's own *Home Action*, when set, still wins)."""
        info = super().session_info()
        if info.get("uid") and not info.get("home_action_id"):
            action = self.env.user._valuecard_home_action()
            if action:
                info["home_action_id"] = action.id
        return info
