from odoo import fields, models
from odoo.exceptions import UserError


class ValuecardTransferWizard(models.TransientModel):
    """Moves every lot of a lost or replaced card to another card, issuing
    the new card on the spot if needed."""

    _name = "valuecard.transfer.wizard"
    _description = "Value Card Transfer"

    card_id = fields.Many2one("valuecard.card", required=True, readonly=True, ondelete="cascade")
    issue_new = fields.Boolean(string="Issue a New Card", default=True)
    new_card_id = fields.Many2one(
        "valuecard.card", string="Receiving Card",
        domain="[('id', '!=', card_id), ('state', '=', 'active'), ('program_id', '=', program_id)]")
    program_id = fields.Many2one(related="card_id.program_id")
    new_number = fields.Char(string="New Card Number", help="Leave empty to number the new card automatically.")

    def action_transfer(self):
        self.ensure_one()
        card = self.card_id
        new_card = self.new_card_id
        if self.issue_new:
            new_card = self.env["valuecard.card"].create({
                "program_id": card.program_id.id,
                "partner_id": card.partner_id.id,
                "number": self.new_number or False,
            })
        if not new_card:
            raise UserError(self.env._("Choose the card that receives the value."))
        card.transfer_to(new_card)
        return {
            "type": "ir.actions.act_window",
            "res_model": "valuecard.card",
            "res_id": new_card.id,
            "view_mode": "form",
        }
