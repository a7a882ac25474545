import logging

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import parse_customer_filter
from odoo.addons.crm_smart_base.models.res_partner import CUSTOMER_EVENTS

_logger = logging.getLogger(__name__)

# What enrols a customer in a step mail, defined once. "segment" and
# "birthday_month" are checked by the scheduled job; the customer events are
# announced by the addons where they happen, through
# res.partner._smart_customer_event(event), which calls _enrol_partners.
ENROL_TRIGGERS = [
    ("segment", "Customer enters the customer filter"),
    *CUSTOMER_EVENTS,
    ("birthday_month", "Birthday month"),
    ("manual", "Enrolled by hand"),
]


class SmartStepSequence(models.Model):
    """A step mail (ステップメール): a welcome, then day 3, day 10 … sent to each
    enrolled customer on their own schedule."""

    _name = "smart.step.sequence"
    _description = "Step Mail"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    state = fields.Selection([("draft", "Draft"), ("running", "Running"), ("stopped", "Stopped")],
                             default="draft", required=True, readonly=True, copy=False)
    trigger = fields.Selection(ENROL_TRIGGERS, string="Start When", required=True, default="segment")
    segment_id = fields.Many2one(
        "smart.segment", ondelete="restrict", index="btree_not_null",
        help="Customers entering this segment are enrolled (and, when a filter is set too, only those of "
             "them the filter selects).")
    partner_domain = fields.Char(string="Customers", default="[]",
                                 help="Only these customers are enrolled; with “Customer enters the customer "
                                      "filter”, entering it enrols them.")
    birthday_field_id = fields.Many2one(
        "ir.model.fields", ondelete="cascade",
        domain="[('model', '=', 'res.partner'), ('ttype', 'in', ('date', 'datetime')), ('store', '=', True)]",
        help="The customer date field whose month starts the step mail.")
    goal_domain = fields.Char(string="Goal",
                              help="A customer who matches this filter has reached the goal and leaves the step "
                                   "mail.")
    step_ids = fields.One2many("smart.step", "sequence_id", string="Steps", copy=True)
    enrolment_ids = fields.One2many("smart.step.enrolment", "sequence_id", string="Enrolments")
    enrolment_count = fields.Integer(compute="_compute_enrolment_count", string="Enrolled")
    running_count = fields.Integer(compute="_compute_enrolment_count", string="In Progress")

    @api.depends("enrolment_ids.state")
    def _compute_enrolment_count(self):
        Enrolment = self.env["smart.step.enrolment"]
        groups = Enrolment._read_group([("sequence_id", "in", self.ids)], ["sequence_id", "state"], ["__count"])
        counts = {(sequence, state): count for sequence, state, count in groups}
        for sequence in self:
            sequence.enrolment_count = sum(c for (seq, _state), c in counts.items() if seq == sequence)
            sequence.running_count = counts.get((sequence, "running"), 0)

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        self.env.registry.clear_cache()  # _get_running_triggers
        return sequences

    def write(self, vals):
        result = super().write(vals)
        if {"state", "trigger", "active"} & set(vals):
            self.env.registry.clear_cache()  # _get_running_triggers
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _get_running_triggers
        return result

    @api.constrains("trigger", "birthday_field_id")
    def _check_birthday_field(self):
        for sequence in self:
            if sequence.trigger == "birthday_month" and not sequence.birthday_field_id:
                raise ValidationError(self.env._("A birthday step mail needs the customer field holding the "
                                                 "birthday."))

    @api.constrains("partner_domain", "goal_domain")
    def _check_domains(self):
        for sequence in self:
            parse_customer_filter(self.env, sequence.partner_domain, sequence.name, check=True)
            parse_customer_filter(self.env, sequence.goal_domain, sequence.name, check=True)

    def action_start(self):
        for sequence in self:
            if not sequence.step_ids:
                raise UserError(self.env._("The step mail “%(name)s” has no step to send.", name=sequence.name))
            sequence.step_ids._check_no_loop()
        self.write({"state": "running"})
        self.filtered(lambda s: s.trigger in ("segment", "birthday_month"))._enrol_from_filters()
        return True

    def action_stop(self):
        self.write({"state": "stopped"})
        self.enrolment_ids.filtered(lambda e: e.state == "running")._exit("stopped")
        return True

    def action_view_enrolments(self):
        self.ensure_one()
        domain = [("sequence_id", "=", self.id)]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Enrolments"),
            "res_model": "smart.step.enrolment",
            "view_mode": "list,form",
            "domain": domain,
            "context": {"default_sequence_id": self.id},
        }

    @api.private
    def _get_enrolment_partner_domain(self):
        """The customers this step mail enrols. This is the one place that says
        who is enrolled: a customer segment plugs in here."""
        self.ensure_one()
        domain = parse_customer_filter(self.env, self.partner_domain, self.name)
        if self.segment_id:
            domain &= Domain(self.segment_id._get_partner_domain())
        return domain

    @api.private
    def _get_goal_domain(self):
        self.ensure_one()
        return parse_customer_filter(self.env, self.goal_domain, self.name) if self.goal_domain else Domain.FALSE

    @api.model
    @tools.ormcache()
    def _get_running_triggers(self):
        """The triggers of the running step mails (of every company), cached: the
        customer events ask it on hot paths (a card payment) and most of them
        start no step mail."""
        groups = self.sudo()._read_group([("state", "=", "running")], ["trigger"])
        return frozenset(trigger for (trigger,) in groups)

    @api.model
    @api.private
    def _enrol_partners(self, event, partners):
        """Enrol ``partners`` in every running step mail started by ``event``
        (one of CUSTOMER_EVENTS, e.g. "card_issued" or "survey_answered"), as
        announced by res.partner._smart_customer_event; customers outside a
        step mail's filter, or already enrolled, are left out. A step mail
        whose segment is broken enrols nobody (and says so in the log) rather
        than failing the operation that announced the event."""
        enrolled = self.env["smart.step.enrolment"]
        if not partners:
            return enrolled
        for sequence in self.sudo().search([("state", "=", "running"), ("trigger", "=", event)]):
            try:
                domain = sequence._get_enrolment_partner_domain() & Domain("id", "in", partners.ids)
            except (UserError, ValidationError) as error:
                _logger.warning("Step mail %s (id %s) enrols nobody on %s: %s", sequence.name, sequence.id,
                                event, error)
                continue
            partner_sql = self.env["res.partner"]._search(domain).select(SQL.identifier("res_partner", "id"))
            enrolled |= sequence._enrol(partner_sql, event)
        return enrolled

    @api.private
    def _enrol_from_filters(self):
        """Enrol the customers who entered the filter of the running "segment"
        step mails, and those whose birthday month it is."""
        Partner = self.env["res.partner"].sudo()
        today = fields.Date.context_today(self)
        for sequence in self.filtered(lambda s: s.state == "running"):
            query = Partner._search(sequence._get_enrolment_partner_domain())
            if sequence.trigger == "birthday_month":
                column = SQL.identifier("res_partner", sequence.birthday_field_id.name)
                query.add_where(SQL("EXTRACT(MONTH FROM %s) = %s", column, today.month))
                sequence._enrol(query.select(SQL.identifier("res_partner", "id")), "birthday_month",
                                key=str(today.year))
            elif sequence.trigger == "segment":
                sequence._enrol(query.select(SQL.identifier("res_partner", "id")), "segment")

    @api.private
    def _enrol(self, partner_ids_sql, event, key=""):
        """Enrol the customers of ``partner_ids_sql`` at the first step, once per
        ``key`` (the year, for birthdays): safe when two workers do it at once."""
        self.ensure_one()
        first_step = self.step_ids[:1]
        if not first_step:
            return self.env["smart.step.enrolment"]
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute(SQL("""
            INSERT INTO smart_step_enrolment (sequence_id, partner_id, company_id, event, enrol_key, state,
                                              step_id, enrol_date, next_date,
                                              create_uid, write_uid, create_date, write_date)
                 SELECT %(sequence)s, p.id, %(company)s, %(event)s, %(key)s, 'running',
                        %(step)s, %(now)s, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                   FROM res_partner p
                  WHERE p.id IN (%(partners)s)
            ON CONFLICT (sequence_id, partner_id, enrol_key) DO NOTHING
              RETURNING id
        """, sequence=self.id, company=self.company_id.id, event=event, key=key, step=first_step.id,
            now=now, uid=self.env.uid, partners=partner_ids_sql))
        enrolments = self.env["smart.step.enrolment"].browse(row[0] for row in self.env.cr.fetchall())
        self.env["smart.step.enrolment"].invalidate_model()
        # the first wait counts from the enrolment
        enrolments._schedule(first_step, now)
        return enrolments

    @api.model
    def _cron_enrol(self):
        self.search([("state", "=", "running"), ("trigger", "in", ("segment", "birthday_month"))]
                    )._enrol_from_filters()
