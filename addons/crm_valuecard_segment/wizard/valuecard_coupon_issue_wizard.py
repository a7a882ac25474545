from odoo import api, fields, models
from odoo.fields import Domain


class ValuecardCouponIssueWizard(models.TransientModel):
    """Coupons issued to the card holders of a segment (and of the customer filter)."""

    _inherit = "valuecard.coupon.issue.wizard"

    segment_id = fields.Many2one(
        "smart.segment", string="Customer Segment",
        help="Only the customers of this segment, as the one who issues sees them, receive a coupon.")

    @api.depends("segment_id")
    def _compute_partner_count(self):
        return super()._compute_partner_count()

    def _partner_domain(self):
        """The customer filter AND the segment; a broken segment refuses with its reason."""
        domain = super()._partner_domain()
        if not self.segment_id:
            return domain
        return Domain.AND([domain, self.segment_id._get_partner_domain()])
