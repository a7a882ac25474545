import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from ..tools import check_whole_yen
from odoo.addons.crm_smart_base.tools.domain import parse_domain

_logger = logging.getLogger(__name__)


class ValuecardCampaign(models.Model):
    _name = "valuecard.campaign"
    _description = "Value Card Campaign"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, translate=True)
    program_id = fields.Many2one("valuecard.program", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    domain = fields.Char(
        string="Cards", default="[]", required=True,
        help="Which active cards of the program receive the grant.",
    )
    amount = fields.Monetary(string="Bonus Amount", help="Bonus value granted to every matching card.")
    points = fields.Integer(help="Points granted to every matching card.")
    date = fields.Date(required=True, default=fields.Date.context_today, help="Day of the grant.")
    expiry_date = fields.Date(
        string="Granted Value Expires",
        help="Last day on which the granted value can be spent (empty: never expires).",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Granted")], default="draft", required=True,
                             readonly=True, tracking=True)
    entry_ids = fields.One2many("valuecard.entry", "campaign_id", string="Ledger Entries")
    matching_card_count = fields.Integer(string="Matching Cards", compute="_compute_matching_card_count")
    granted_card_count = fields.Integer(string="Granted Cards", compute="_compute_granted")
    granted_amount = fields.Monetary(compute="_compute_granted")
    granted_points = fields.Integer(compute="_compute_granted")

    _grant_not_empty = models.Constraint(
        "CHECK(COALESCE(amount, 0) >= 0 AND COALESCE(points, 0) >= 0 AND (COALESCE(amount, 0) > 0 OR COALESCE(points, 0) > 0))",
        "A campaign grants a positive bonus amount, points, or both.",
    )

    @api.depends("domain", "program_id")
    def _compute_matching_card_count(self):
        for campaign in self:
            try:
                domain = campaign._card_domain() if campaign.program_id else None
            except UserError:
                domain = None
            campaign.matching_card_count = self.env["valuecard.card"].search_count(domain) if domain else 0

    @api.depends("entry_ids")
    def _compute_granted(self):
        for campaign in self:
            entries = campaign.entry_ids
            campaign.granted_card_count = len(entries.card_id)
            campaign.granted_amount = sum(entries.mapped("amount_bonus"))
            campaign.granted_points = sum(entries.mapped("points"))


    @api.constrains("date", "expiry_date")
    def _check_dates(self):
        for campaign in self:
            if campaign.expiry_date and campaign.expiry_date < campaign.date:
                raise ValidationError(self.env._("The granted value cannot expire before the campaign day."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_whole_yen(self.env, vals, ("amount", "points"))
        return super().create(vals_list)

    def write(self, vals):
        check_whole_yen(self.env, vals, ("amount", "points"))
        if self.filtered(lambda c: c.state == "done") and set(vals) - {"name"}:
            raise UserError(self.env._("A granted campaign cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_granted(self):
        if self.filtered(lambda c: c.state == "done"):
            raise UserError(self.env._("A granted campaign cannot be deleted: its grants are in the ledger."))

    def _card_domain(self):
        self.ensure_one()
        try:
            extra = parse_domain(self.env, self.domain)
        except Exception as exc:
            raise UserError(self.env._("The card filter of campaign “%(name)s” is not valid: %(error)s",
                                       name=self.name, error=exc)) from exc
        return Domain.AND([
            [("program_id", "=", self.program_id.id), ("state", "=", "active"),
             "|", ("expiry_date", "=", False), ("expiry_date", ">=", fields.Date.context_today(self))],
            Domain(extra),
        ])

    def action_grant(self):
        """Grant the campaign to every matching active card through the ledger,
        in one transaction: all the grants or none.

        The transaction is made READ COMMITTED first (see the card's
        ``_read_committed_batch``) and the campaigns locked, so a card paid
        at a register meanwhile is waited for and granted, never skipped.
        A deadlock or serialisation failure left (a transaction that had
        already written) is not a card's failure: it ends the request, which
        Odoo tries again whole."""
        self.env["valuecard.card"]._read_committed_batch()
        self.env.cr.execute(SQL("SELECT id FROM valuecard_campaign WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                                tuple(self.ids) or (0,)))
        self.invalidate_recordset(["state"])
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(self.env._("Campaign “%(name)s” has already been granted.", name=campaign.name))
            cards = self.env["valuecard.card"].search(campaign._card_domain(), order="id")
            failed = cards.browse()
            for card in cards:
                # one card that cannot take the grant must not keep it from the others
                try:
                    with self.env.cr.savepoint():
                        card._grant_campaign(campaign)
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    raise
                except Exception:
                    _logger.exception("Campaign %s could not be granted to value card %s", campaign.id, card.number)
                    failed |= card
            campaign.state = "done"
            campaign.message_post(body=self.env._("Granted to %(count)s cards.", count=len(cards - failed)))
            if failed:
                campaign.message_post(body=self.env._(
                    "Not granted to %(count)s cards: %(numbers)s.", count=len(failed),
                    numbers=", ".join(failed.mapped("number"))))
        return True
