import hashlib
import random
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from odoo.addons.crm_smart_base.tools.domain import parse_domain


class SmartDraw(models.Model):
    """A prize draw: N records picked at random from a filter, with everything
    needed to audit it and to reproduce it exactly (same seed and data → same
    winners)."""

    _name = "smart.draw"
    _inherit = ["mail.thread"]
    _description = "Smart CRM prize draw"
    _order = "id desc"

    name = fields.Char(required=True, tracking=True)
    model_id = fields.Many2one(
        "ir.model", string="Drawn from", required=True, ondelete="cascade",
        domain=lambda self: [("model", "in", sorted(self.env["smart.data.io"]._allowed_models()))],
        default=lambda self: self.env["ir.model"]._get("res.partner"))
    res_model = fields.Char(related="model_id.model", string="Model name", store=True)
    domain = fields.Char(string="Filter", default="[]", required=True,
                         help="Only records matching this filter take part in the draw.")
    winner_count = fields.Integer(string="Number of winners", default=1, required=True)
    exclude_previous = fields.Boolean(
        string="Exclude earlier winners",
        help="Records that won an earlier draw on the same data cannot win again.")
    seed = fields.Char(
        copy=False, readonly=True,
        help="Random seed of the draw, from the server's secure random source. Recorded so that anyone "
             "can repeat the draw and get the same winners.")
    reproduced_draw_id = fields.Many2one(
        "smart.draw", string="Repeats", readonly=True, copy=False, index="btree_not_null",
        help="The recorded draw whose seed this draw uses, to show that it can be reproduced.")
    state = fields.Selection([("draft", "Draft"), ("done", "Drawn")], default="draft", required=True,
                             readonly=True, tracking=True, copy=False)
    draw_date = fields.Datetime(readonly=True, copy=False)
    user_id = fields.Many2one("res.users", string="Drawn by", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    candidate_count = fields.Integer(readonly=True, copy=False,
                                     help="Records that matched the filter when the draw was made.")
    candidate_fingerprint = fields.Char(
        readonly=True, copy=False,
        help="SHA-256 of the candidate record ids: shows whether the data has changed since the draw.")
    excluded_draw_ids = fields.Many2many(
        "smart.draw", "smart_draw_excluded_rel", "draw_id", "excluded_draw_id", string="Excluded draws",
        readonly=True, copy=False, help="Earlier draws whose winners could not win this one.")
    winner_ids = fields.One2many("smart.draw.winner", "draw_id", string="Winners", readonly=True, copy=False)

    _winner_count_positive = models.Constraint(
        "CHECK (winner_count > 0)", "The number of winners must be at least 1.")

    @api.constrains("domain", "model_id")
    def _check_domain(self):
        for draw in self:
            try:
                domain = parse_domain(self.env, draw.domain)
                domain.validate(self.env[draw.model_id.model])
            except Exception as exc:
                raise ValidationError(self.env._("The filter of draw %(name)s is not valid: %(error)s",
                                                 name=draw.name, error=exc)) from exc

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_outcome_untouched(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_outcome_untouched(vals)
        frozen = {"model_id", "domain", "winner_count", "exclude_previous"}
        if frozen & set(vals) and any(draw.state == "done" for draw in self):
            raise UserError(self.env._("A draw that has been made cannot be changed; copy it to draw again."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(draw.state == "done" for draw in self) and not self.env.user.has_group("crm_smart_base.group_smart_admin"):
            raise UserError(self.env._("Only an administrator can delete a draw that has been made."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_draw(self, seed=None):
        """Draw the winners with a seed from the server's secure random source.

        A caller cannot choose the seed: whoever could would search seeds
        offline until the winner they want comes out. Repeating a recorded
        draw with its seed is what :meth:`action_reproduce` is for."""
        if seed not in (None, False, ""):
            raise UserError(self.env._(
                "The seed of a draw comes from the server's secure random source and cannot be chosen. "
                "To repeat a recorded draw with its seed, use Reproduce on that draw."))
        self.check_access("write")
        for draw in self:
            if draw.state == "done":
                raise UserError(self.env._("Draw %s has already been made.", draw.name))
            source = draw.reproduced_draw_id
            seed_value = source.seed if source else str(secrets.randbits(63))
            excluded = draw._excluded_draws() if draw.exclude_previous else self.browse()
            candidates = draw._candidates()
            if len(candidates) < draw.winner_count:
                raise UserError(self.env._(
                    "Only %(count)s records can take part, fewer than the %(wanted)s winners asked for.",
                    count=len(candidates), wanted=draw.winner_count))
            winners = self._pick(candidates, draw.winner_count, seed_value)
            # the outcome is the workflow's to write, never the caller's (see _check_outcome_untouched)
            draw.sudo().write({
                "seed": seed_value,
                "state": "done",
                "draw_date": fields.Datetime.now(),
                "user_id": self.env.uid,
                "candidate_count": len(candidates),
                "candidate_fingerprint": self._fingerprint(candidates),
                "excluded_draw_ids": [Command.set(excluded.ids)],
                "winner_ids": [Command.create({"rank": rank, "res_id": res_id})
                               for rank, res_id in enumerate(winners, start=1)],
            })
        return True

    def action_reproduce(self):
        """A new draw with the recorded seed, filter and number of winners of this
        one, made at once: on unchanged data it has the same winners."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Make the draw first."))
        copy = self.copy({"name": self.env._("%s (reproduction)", self.name)})
        copy.sudo().reproduced_draw_id = self
        copy.action_draw()
        return {
            "type": "ir.actions.act_window", "res_model": "smart.draw", "res_id": copy.id,
            "view_mode": "form", "target": "current",
        }

    def action_check_reproduction(self):
        """Draw again with the recorded seed on today's data and compare."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Make the draw first."))
        result = self.check_reproduction()
        if result["identical"]:
            message = self.env._("Reproduced: the same seed on the same data gives the same %s winners.",
                                 len(result["winners"]))
            kind = "success"
        elif result["same_data"]:
            message = self.env._("The winners differ although the data is the same.")
            kind = "danger"
        else:
            message = self.env._("The data has changed since the draw (%(then)s candidates then, %(now)s now), "
                                 "so the winners differ.", then=self.candidate_count, now=result["candidate_count"])
            kind = "warning"
        self.message_post(body=message)
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {"title": self.env._("Reproduction check"), "message": message, "type": kind,
                       "sticky": False},
        }

    def check_reproduction(self):
        """Same computation as the draw, without writing: dict(identical, same_data, winners)."""
        self.ensure_one()
        candidates = self._candidates()
        winners = self._pick(candidates, self.winner_count, self.seed) if len(candidates) >= self.winner_count else []
        recorded = self.winner_ids.sorted("rank").mapped("res_id")
        return {
            "identical": winners == recorded,
            "same_data": self._fingerprint(candidates) == self.candidate_fingerprint,
            "winners": winners,
            "candidate_count": len(candidates),
        }

    def action_export_winners(self):
        self.ensure_one()
        content = self.env["smart.data.io"].export_xlsx(
            self.res_model, record_ids=self.winner_ids.sorted("rank").mapped("res_id"))
        export = self.env["smart.file.download"].create({
            "file": content, "filename": f"{self.name}.xlsx"})
        return export.action_download()

    def action_tag_winners(self, tag_name=None):
        """Add a customer tag (named after the draw) to the winning customers."""
        self.ensure_one()
        if self.res_model != "res.partner":
            raise UserError(self.env._("Only customers can be tagged; export the winners instead."))
        tag = self.env["res.partner.category"].search([("name", "=", tag_name or self.name)], limit=1) \
            or self.env["res.partner.category"].create({"name": tag_name or self.name})
        partners = self.env["res.partner"].browse(self.winner_ids.mapped("res_id")).exists()
        partners.write({"category_id": [Command.link(tag.id)]})
        return True

    def action_open_winners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Winners of %s", self.name),
            "res_model": self.res_model,
            "view_mode": "list,form",
            "domain": [("id", "in", self.winner_ids.mapped("res_id"))],
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _candidates(self):
        """The ids of the records that may win (record rules of the user apply),
        in increasing order, as text: the database server writes them as one
        string rather than as a row each."""
        model = self.env["smart.data.io"]._check_target(self.res_model, "read")
        domain = parse_domain(self.env, self.domain)
        if self.exclude_previous:
            earlier = self._excluded_draws()
            excluded = self.env["smart.draw.winner"].search_fetch([("draw_id", "in", earlier.ids)], ["res_id"])
            if excluded:
                domain &= Domain("id", "not in", sorted(set(excluded.mapped("res_id"))))
        query = model._search(domain)
        self.env.cr.execute(SQL("SELECT string_agg(id::text, ',') FROM (%s ORDER BY 1) AS candidate",
                                query.select(SQL.identifier(model._table, "id"))))
        text = self.env.cr.fetchone()[0]
        return text.split(",") if text else []

    def _excluded_draws(self):
        """Draws whose winners cannot win this one: those recorded when it was
        made, the ones of the draw it reproduces, or else every earlier draw."""
        if self.state == "done":
            return self.excluded_draw_ids
        if self.reproduced_draw_id:
            return self.reproduced_draw_id.excluded_draw_ids
        return self._earlier_draws()

    def _earlier_draws(self):
        return self.search([("res_model", "=", self.res_model), ("state", "=", "done"), ("id", "not in", self.ids)])

    def _check_outcome_untouched(self, vals):
        """The seed and the outcome of a draw are set by the draw itself only."""
        if self.env.su:
            return
        outcome = {"seed", "state", "draw_date", "user_id", "candidate_count", "candidate_fingerprint",
                   "excluded_draw_ids", "winner_ids", "reproduced_draw_id"} & set(vals)
        if outcome:
            raise UserError(self.env._(
                "The seed and the outcome of a draw are recorded by the draw itself and cannot be set: %s",
                ", ".join(self._fields[name]._description_string(self.env) for name in sorted(outcome))))

    @api.model
    def _pick(self, candidates, count, seed):
        """``count`` of the candidate ids, as ``random.Random(seed).sample`` picks them."""
        return [int(candidates[i]) for i in random.Random(int(seed)).sample(range(len(candidates)), count)]

    @api.model
    def _fingerprint(self, candidates):
        """SHA-256 of the candidate ids (text, see _candidates) written as "1,2,5"."""
        return hashlib.sha256(",".join(candidates).encode()).hexdigest()
