from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _smart_day_tz(self, company):
        """Name of the time zone this user's working day is counted in.

        The user's own zone; for a user without one, the zone of ``company``'s
        address, so that a company set up once for Japan counts every rep's
        day in Japan; UTC when neither is set, as Odoo does.
        """
        self.ensure_one()
        return self.tz or company.sudo().partner_id.tz or "UTC"
