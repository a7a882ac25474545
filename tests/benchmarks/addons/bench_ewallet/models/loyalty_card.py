from odoo import models
from odoo.exceptions import UserError


class LoyaltyCard(models.Model):
    """Odoo's eWallet payment as the point of sale confirms it (read the
    points, refuse when short, decrement, one history line), as one method
    so that ``bench_valuecard`` drives it exactly like ``valuecard.card.pay``:
    in process and over JSON-2. Installed by the benchmark only."""

    _inherit = "loyalty.card"

    def bench_pay(self, amount, reference):
        card = self.sudo().ensure_one()
        if card.points < amount:
            raise UserError(self.env._("insufficient eWallet balance"))
        card.points -= amount
        self.env["loyalty.history"].sudo().create(
            {"card_id": card.id, "description": reference, "used": amount, "issued": 0})
        return {"card_id": card.id, "points": card.points}
