from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class SurveyInviteWave(models.Model):
    """One sending of invitations: who was invited, how many answered, and the
    one reminder sent to those who had not after the chosen number of days."""

    _name = "survey.invite.wave"
    _description = "Survey Invitation Wave"
    _order = "sent_date desc, id desc"

    survey_id = fields.Many2one("survey.survey", required=True, readonly=True, index=True, ondelete="cascade")
    name = fields.Char(required=True, readonly=True)
    sent_date = fields.Datetime(string="Sent", required=True, readonly=True, default=fields.Datetime.now)
    user_input_ids = fields.One2many("survey.user_input", "invite_wave_id", string="Invitations", readonly=True)
    invited_count = fields.Integer(string="Invited", compute="_compute_counts")
    answered_count = fields.Integer(string="Answered", compute="_compute_counts")
    response_rate = fields.Float(string="Response Rate (%)", compute="_compute_counts", digits=(5, 1))
    reminder_days = fields.Integer(
        string="Remind After (Days)", readonly=True,
        help="Those who have not answered this many days after the invitation receive one reminder; 0 sends none.")
    reminder_date = fields.Datetime(string="Reminder Sent", readonly=True, copy=False)

    @api.depends("user_input_ids.state")
    def _compute_counts(self):
        counts = {(wave, state): count for wave, state, count in self.env["survey.user_input"]._read_group(
            [("invite_wave_id", "in", self.ids)], ["invite_wave_id", "state"], ["__count"])}
        for wave in self:
            invited = sum(counts.get((wave, state), 0) for state in ("new", "in_progress", "done"))
            wave.invited_count = invited
            wave.answered_count = counts.get((wave, "done"), 0)
            wave.response_rate = 100.0 * wave.answered_count / invited if invited else 0.0

    @api.model
    def _cron_send_reminders(self):
        """Reminds the non-respondents of each wave once, when its days have passed."""
        waves = self.search([("reminder_days", ">", 0), ("reminder_date", "=", False)])
        now = fields.Datetime.now()
        for wave in waves.filtered(lambda wave: wave.sent_date + relativedelta(days=wave.reminder_days) <= now):
            wave._send_reminders()

    def _send_reminders(self):
        self.ensure_one()
        # marked first: a failing mail must not make the next run remind twice
        self.reminder_date = fields.Datetime.now()
        pending = self.user_input_ids.filtered(lambda answer: answer.state != "done" and answer.survey_id.active)
        if not pending:
            return
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        invite = self.env["survey.invite"].with_user(self.create_uid).create({
            "survey_id": self.survey_id.id,
            "template_id": template.id if template else False,
            "author_id": self.create_uid.partner_id.id,
        })
        for answer in pending:
            invite._send_mail(answer)
