from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import parse_customer_filter

STAT_STATUSES = {
    "sent": ("pending", "sent", "open", "reply"),
    "opened": ("open", "reply"),
    "replied": ("reply",),
    "bounced": ("bounce",),
}


class SmartStep(models.Model):
    """One step of a step mail: wait, check the condition, send the message."""

    _name = "smart.step"
    _description = "Step Mail Step"
    _order = "sequence_id, sequence, id"

    sequence_id = fields.Many2one("smart.step.sequence", string="Step Mail", required=True, ondelete="cascade",
                                  index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    wait_type = fields.Selection([("days", "Days after the previous step"), ("date_field", "Until a date")],
                                 string="Wait", required=True, default="days")
    wait_days = fields.Integer(string="Days", default=0)
    date_field_id = fields.Many2one(
        "ir.model.fields", ondelete="cascade",
        domain="[('model', '=', 'res.partner'), ('ttype', 'in', ('date', 'datetime')), ('store', '=', True)]",
        help="Wait until the date this customer field holds.")
    template_id = fields.Many2one("mail.template", string="Start From Template",
                                  domain="[('model', '=', 'res.partner')]",
                                  help="The message starts as a copy of this customer email template.")
    mailing_id = fields.Many2one("mailing.mailing", string="Message", readonly=True, copy=False,
                                 ondelete="restrict",
                                 help="The mailing that holds this step's message and collects its statistics.")
    subject = fields.Char(related="mailing_id.subject", readonly=False)
    body_html = fields.Html(related="mailing_id.body_html", readonly=False)
    condition_domain = fields.Char(string="Go On Only If",
                                   help="A customer who does not match this filter when the step is due leaves "
                                        "the step mail.")
    next_step_id = fields.Many2one("smart.step", string="Then Go To", ondelete="set null",
                                   domain="[('sequence_id', '=', sequence_id), ('id', '!=', id)]",
                                   help="Empty: the next step in order.")
    sent_count = fields.Integer(compute="_compute_statistics", string="Sent")
    opened_count = fields.Integer(compute="_compute_statistics", string="Opened")
    clicked_count = fields.Integer(compute="_compute_statistics", string="Clicked")
    replied_count = fields.Integer(compute="_compute_statistics", string="Replied")
    bounced_count = fields.Integer(compute="_compute_statistics", string="Bounced")

    _wait_days_positive = models.Constraint("CHECK (wait_days >= 0)", "A step waits zero days or more.")

    def _compute_statistics(self):
        Trace = self.env["mailing.trace"].sudo()
        mailings = self.mailing_id
        by_status = {(mailing, status): count for mailing, status, count in Trace._read_group(
            [("mass_mailing_id", "in", mailings.ids)], ["mass_mailing_id", "trace_status"], ["__count"])}
        clicked = dict(Trace._read_group(
            [("mass_mailing_id", "in", mailings.ids), ("links_click_datetime", "!=", False)],
            ["mass_mailing_id"], ["__count"]))
        for step in self:
            for stat, statuses in STAT_STATUSES.items():
                step[f"{stat}_count"] = sum(by_status.get((step.mailing_id, status), 0) for status in statuses)
            step.clicked_count = clicked.get(step.mailing_id, 0)

    @api.constrains("wait_type", "date_field_id")
    def _check_date_field(self):
        for step in self:
            if step.wait_type == "date_field" and not step.date_field_id:
                raise ValidationError(self.env._("The step “%(name)s” waits until a date: choose the customer "
                                                 "date field.", name=step.name))

    @api.constrains("next_step_id", "sequence", "sequence_id")
    def _check_no_loop(self):
        for sequence in self.sequence_id:
            for step in sequence.step_ids:
                if step.next_step_id and step.next_step_id.sequence_id != sequence:
                    raise ValidationError(self.env._("The step “%(name)s” goes to a step of another step mail.",
                                                     name=step.name))
                path = step
                current = step._get_next_step()
                while current:
                    if current in path:
                        names = " → ".join([*path.mapped("name"), current.name])
                        raise ValidationError(self.env._(
                            "The steps of “%(sequence)s” go round in a loop (%(path)s): a customer would never "
                            "finish. Change “Then Go To”.", sequence=sequence.name, path=names))
                    path |= current
                    current = current._get_next_step()

    @api.constrains("condition_domain")
    def _check_condition_domain(self):
        for step in self:
            parse_customer_filter(self.env, step.condition_domain, step.name, check=True)

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        partner_model = self.env["ir.model"]._get_id("res.partner")
        for step in steps.filtered(lambda s: not s.mailing_id):
            template = step.template_id
            step.mailing_id = self.env["mailing.mailing"].sudo().create({
                "subject": template.subject or step.name,
                "body_html": template.body_html or False,
                "mailing_model_id": partner_model,
                "mailing_domain": repr([("id", "in", [])]),
                "smart_step_id": step.id,
                # never launched as a whole: it is sent step by step, see mailing.mailing.write
                "state": "done",
            }).id
        return steps

    @api.private
    def _get_next_step(self):
        self.ensure_one()
        if self.next_step_id:
            return self.next_step_id
        later = self.sequence_id.step_ids.filtered(lambda s: (s.sequence, s.id) > (self.sequence, self.id))
        return later.sorted(lambda s: (s.sequence, s.id))[:1]

    @api.private
    def _get_condition_domain(self):
        self.ensure_one()
        return parse_customer_filter(self.env, self.condition_domain, self.name)

    @api.private
    def _get_due_date(self, partner, from_date):
        """When this step is due for ``partner``, counting from ``from_date`` (the
        enrolment or the previous step); None when the customer has no date."""
        self.ensure_one()
        if self.wait_type == "days":
            return from_date + timedelta(days=self.wait_days)
        value = partner[self.date_field_id.name]
        if not value:
            return None
        if not isinstance(value, datetime):
            value = datetime.combine(value, time.min)
        return max(value, from_date)
