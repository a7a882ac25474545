from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .smart_step_sequence import ENROL_TRIGGERS

BATCH_SIZE = 500


class SmartStepEnrolment(models.Model):
    """One customer going through one step mail."""

    _name = "smart.step.enrolment"
    _description = "Step Mail Enrolment"
    _order = "enrol_date desc, id desc"
    _rec_name = "partner_id"

    sequence_id = fields.Many2one("smart.step.sequence", string="Step Mail", required=True, ondelete="cascade",
                                  index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", related="sequence_id.company_id", store=True)
    event = fields.Selection(ENROL_TRIGGERS, string="Enrolled On", default="manual", readonly=True)
    enrol_key = fields.Char(default="", readonly=True,
                            help="A customer is enrolled once per key: the year for birthdays, once ever otherwise.")
    enrol_date = fields.Datetime(string="Enrolled", default=fields.Datetime.now, readonly=True)
    state = fields.Selection([("running", "In progress"), ("done", "Finished"), ("exited", "Left")],
                             default="running", required=True, readonly=True, index=True)
    exit_reason = fields.Selection([
        ("goal", "Goal reached"),
        ("opt_out", "Opted out or no consent"),
        ("condition", "Condition not met"),
        ("no_date", "No date to wait for"),
        ("stopped", "Step mail stopped"),
    ], readonly=True)
    step_id = fields.Many2one("smart.step", string="Next Step", readonly=True, ondelete="set null")
    next_date = fields.Datetime(string="Due", readonly=True, index=True)
    send_ids = fields.One2many("smart.step.send", "enrolment_id", string="Steps Sent", readonly=True)

    _enrolment_unique = models.Constraint("unique (sequence_id, partner_id, enrol_key)",
                                          "A customer is enrolled in a step mail only once.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # where a customer is in the step mail is the scheduler's business
            for field in ("state", "exit_reason", "step_id", "next_date", "enrol_key"):
                vals.pop(field, None)
        enrolments = super().create(vals_list)
        for enrolment in enrolments:
            enrolment._schedule(enrolment.sequence_id.step_ids[:1], enrolment.enrol_date)
        return enrolments

    @api.private
    def _schedule(self, step, from_date):
        """Put the enrolments at ``step``, due after its wait from ``from_date``."""
        if not step:
            self.sudo().write({"state": "done", "step_id": False, "next_date": False})
            return
        ids_by_due = defaultdict(list)
        for enrolment in self:
            ids_by_due[step._get_due_date(enrolment.partner_id, from_date)].append(enrolment.id)
        for due, ids in ids_by_due.items():
            enrolments = self.browse(ids)
            if due is None:
                enrolments._exit("no_date")
            else:
                enrolments.sudo().write({"step_id": step.id, "next_date": due})

    @api.private
    def _exit(self, reason):
        state = "done" if reason == "goal" else "exited"
        self.sudo().write({"state": state, "exit_reason": reason, "step_id": False, "next_date": False})

    @api.model
    def _cron_process(self):
        """Send the due steps, batch by batch; several workers may run this at once."""
        while True:
            processed = self._process_due(BATCH_SIZE)
            if not processed:
                break
            if not self.env["ir.cron"]._commit_progress(processed):
                break  # out of time: the job runs again soon

    @api.model
    @api.private
    def _process_due(self, limit):
        """Lock up to ``limit`` due enrolments that no other worker holds and run
        their step. Returns how many were locked."""
        self.env.flush_all()
        self.env.cr.execute(SQL("""
            SELECT e.id
              FROM smart_step_enrolment e
              JOIN smart_step_sequence s ON s.id = e.sequence_id
             WHERE e.state = 'running' AND e.next_date <= %(now)s AND s.state = 'running' AND s.active
          ORDER BY e.next_date
             LIMIT %(limit)s
               FOR UPDATE OF e SKIP LOCKED
        """, now=fields.Datetime.now(), limit=limit))
        enrolments = self.browse(row[0] for row in self.env.cr.fetchall())
        enrolments._run_step()
        return len(enrolments)

    @api.private
    def _run_step(self):
        for step in self.step_id:
            self.filtered(lambda e, step=step: e.step_id == step)._run_one_step(step)

    @api.private
    def _run_one_step(self, step):
        """Run ``step``, due for all of ``self``: leave on the goal, an opt-out or
        an unmet condition, else claim, move on and send."""
        Partner = self.env["res.partner"].sudo()
        in_step = Domain("id", "in", self.partner_id.ids)
        reached = Partner.search(in_step & step.sequence_id._get_goal_domain())
        mailable = Partner.search(in_step & Partner._smart_mailable_domain())
        going_on = Partner.search(in_step & step._get_condition_domain())
        done = self.filtered(lambda e: e.partner_id in reached)
        done._exit("goal")
        opted_out = (self - done).filtered(lambda e: e.partner_id not in mailable)
        opted_out._exit("opt_out")
        stopped = (self - done - opted_out).filtered(lambda e: e.partner_id not in going_on)
        stopped._exit("condition")
        claimed = (self - done - opted_out - stopped)._claim(step)
        # moved on before sending: what the mail commits, it commits with the move
        claimed._schedule(step._get_next_step(), fields.Datetime.now())
        if claimed:
            step.mailing_id.sudo()._action_send_mail(res_ids=claimed.partner_id.ids)

    @api.private
    def _claim(self, step):
        """Record that ``step`` is sent to these enrolments, and return those for
        which it was not yet: the unique (enrolment, step) row is the guarantee."""
        if not self:
            return self
        self.env["smart.step.send"].flush_model()
        now = fields.Datetime.now()
        self.env.cr.execute(SQL("""
            INSERT INTO smart_step_send (enrolment_id, step_id, send_date, create_uid, write_uid,
                                         create_date, write_date)
                 SELECT enrolment_id, %(step)s, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                   FROM unnest(%(ids)s) AS enrolment_id
            ON CONFLICT (enrolment_id, step_id) DO NOTHING
              RETURNING enrolment_id
        """, step=step.id, now=now, uid=self.env.uid, ids=self.ids))
        claimed = self.browse(row[0] for row in self.env.cr.fetchall())
        self.env["smart.step.send"].invalidate_model()
        self.invalidate_recordset(["send_ids"])
        return claimed
