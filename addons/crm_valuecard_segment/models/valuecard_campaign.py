from odoo import api, fields, models
from odoo.fields import Domain


class ValuecardCampaign(models.Model):
    """Campaigns granted to the cards of the customers of a segment. Like the
    card filter, the segment cannot change once the campaign is granted."""

    _inherit = "valuecard.campaign"

    # restrict: deleting the segment of a draft campaign would widen it to every card
    segment_id = fields.Many2one(
        "smart.segment", string="Customer Segment", ondelete="restrict", index="btree_not_null", tracking=True,
        help="Only the cards of the customers of this segment, as the one who grants sees them, receive the grant.")

    @api.depends("segment_id")
    def _compute_matching_card_count(self):
        return super()._compute_matching_card_count()

    def _card_domain(self):
        """The card filter AND a holder in the segment; a broken segment refuses with its reason."""
        domain = super()._card_domain()
        if not self.segment_id:
            return domain
        return Domain.AND([domain, [("partner_id", "any", self.segment_id._get_partner_domain())]])
