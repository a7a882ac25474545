from odoo import api, fields, models
from odoo.fields import Domain


class SurveyInvite(models.TransientModel):
    """The invitation dialog of crm_survey, with a customer segment as recipients."""

    _inherit = "survey.invite"

    segment_id = fields.Many2one(
        "smart.segment", string="Customer Segment", ondelete="cascade",
        help="Invite the customers of this segment; with a customer filter too, only those matching both.")

    @api.depends("segment_id")
    def _compute_customer_count(self):
        return super()._compute_customer_count()

    def _customer_domain(self):
        """The filter AND the segment's customers; a broken segment refuses with its reason."""
        domain = super()._customer_domain()
        if not self.segment_id:
            return domain
        # a segment of every customer gives [(1, '=', 1)], never the empty "no filter"
        return list(Domain.AND([domain or [], self.segment_id._get_partner_domain()]))
