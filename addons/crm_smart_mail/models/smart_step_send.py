from odoo import fields, models


class SmartStepSend(models.Model):
    """That a step was sent to an enrolment: written in the same transaction as
    the mail, and unique, so that no step is ever sent twice, however many
    workers run the step mails."""

    _name = "smart.step.send"
    _description = "Step Mail Sending"
    _order = "id desc"

    enrolment_id = fields.Many2one("smart.step.enrolment", required=True, ondelete="cascade", index=True)
    step_id = fields.Many2one("smart.step", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="enrolment_id.partner_id")
    send_date = fields.Datetime(required=True, default=fields.Datetime.now)

    _enrolment_step_unique = models.Constraint("unique (enrolment_id, step_id)",
                                               "A step is sent only once to an enrolment.")
