from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class SmartAlert(models.Model):
    """A warning or a good word about a customer shown to everyone before they contact it."""

    _name = "smart.alert"
    _description = "Customer alert"
    _order = "kind, date_from desc, id desc"
    _rec_name = "message"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [("negative", "Negative"), ("positive", "Positive")], required=True, default="negative",
        help="Negative alerts show in red, positive ones in green.")
    message = fields.Char(required=True, translate=False)
    date_from = fields.Date(string="Valid From", default=fields.Date.context_today)
    date_to = fields.Date(string="Valid Until", help="Leave empty for an alert without end.")
    user_id = fields.Many2one("res.users", string="Author", required=True, default=lambda self: self.env.user,
                              readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", search="_search_is_current")

    @api.depends("date_from", "date_to")
    @api.depends_context("tz", "uid", "allowed_company_ids")
    def _compute_is_current(self):
        today = self._today()
        for alert in self:
            alert.is_current = (not alert.date_from or alert.date_from <= today) and (
                not alert.date_to or alert.date_to >= today)

    def _search_is_current(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = self._today()
        domain = Domain.AND([
            Domain("date_from", "=", False) | Domain("date_from", "<=", today),
            Domain("date_to", "=", False) | Domain("date_to", ">=", today),
        ])
        if True in value and False in value:
            return Domain.TRUE
        return domain if True in value else ~domain

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for alert in self:
            if alert.date_from and alert.date_to and alert.date_to < alert.date_from:
                raise ValidationError(self.env._("An alert cannot end before it starts."))

    def _today(self):
        """Today for the current user: in the zone the context gives (the web client sends the
        user's), else in the zone of the user's working day (``res.users._smart_day_tz``)."""
        tz = self.env.context.get("tz") or self.env.user._smart_day_tz(self.env.company)
        return fields.Date.context_today(self.with_context(tz=tz))
