from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _valuecard_home_action(self):
        """The counter screen for counter staff: a user of the value-card
        terminal group who is no Smart CRM user (who would otherwise land on
        the customers) and has no home action of their own. An empty
        recordset for everyone else."""
        self.ensure_one()
        Action = self.env["ir.actions.client"]
        if (self.action_id or not self.has_group("crm_valuecard.group_valuecard_terminal")
                or self.has_group("crm_smart_base.group_smart_user")):
            return Action
        return self.env.ref("crm_valuecard.action_valuecard_counter", raise_if_not_found=False) or Action
