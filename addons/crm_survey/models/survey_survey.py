import base64
import io

import qrcode

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import urls

# access modes in which every respondent is known before answering
IDENTIFYING_ACCESS_MODES = ("token", "authentication", "internal")


class SurveySurvey(models.Model):
    """Surveys that feed Smart CRM: identified surveys update (or create) the
    respondent's customer and may write each response into a database;
    anonymous ones never link a customer."""

    _inherit = "survey.survey"  # pylint: disable=consider-merging-classes-inherited

    respondent_mode = fields.Selection(
        [("identified", "Identified"), ("anonymous", "Anonymous")], string="Respondents", required=True,
        default="identified",
        help="Identified: each response updates the respondent's customer record, found by invitation, portal "
             "login, email or phone, or created. Anonymous: responses are never linked to a customer; for "
             "analysis only.")
    smart_update_mode = fields.Selection(
        [("fill", "Only fill empty values"), ("overwrite", "Overwrite filled values")], string="Customer Update",
        required=True, default="fill",
        help="Whether answers replace values the customer record already has.")
    smart_database_id = fields.Many2one(
        "smart.database", string="Database of Responses", ondelete="set null",
        help="Each completed response becomes one record of this database, with the answers of the questions "
             "linked to its columns.")
    invite_wave_ids = fields.One2many("survey.invite.wave", "survey_id", string="Invitation Waves")
    invite_wave_count = fields.Integer(compute="_compute_invite_wave_count")

    def _compute_invite_wave_count(self):
        counts = dict(self.env["survey.invite.wave"]._read_group(
            [("survey_id", "in", self.ids)], ["survey_id"], ["__count"]))
        for survey in self:
            survey.invite_wave_count = counts.get(survey, 0)

    @api.constrains("respondent_mode", "access_mode", "users_login_required")
    def _check_smart_identification(self):
        """An identified survey that fills customer fields knows who answers:
        by invitation token, login, or an email question."""
        for survey in self.filtered(lambda survey: survey.respondent_mode == "identified"):
            questions = survey.question_ids
            if not questions.partner_field_id:
                continue
            if (survey.access_mode in IDENTIFYING_ACCESS_MODES or survey.users_login_required
                    or any(question.save_as_email or question.partner_field_id.name == "email"
                           for question in questions)):
                continue
            raise ValidationError(self.env._(
                "The identified survey “%(survey)s” fills customer fields, so it must know who answers: invite "
                "by personal link, require a login, or ask for the email address (a question linked to the "
                "customer's email, or saved as the respondent's email).", survey=survey.title))

    @api.constrains("smart_database_id")
    def _check_smart_database(self):
        for survey in self:
            stale = survey.question_ids.smart_db_field_id.filtered(
                lambda field, survey=survey: field.model != survey.smart_database_id.model)
            if stale:
                raise ValidationError(self.env._(
                    "Questions of “%(survey)s” are linked to columns of another database: unlink them first.",
                    survey=survey.title))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_open_invite_waves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_survey.survey_invite_wave_action")
        action["domain"] = [("survey_id", "=", self.id)]
        action["context"] = {"default_survey_id": self.id}
        return action

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _smart_public_url(self):
        """The address that opens the survey for anyone (the flyer's QR code)."""
        self.ensure_one()
        return urls.urljoin(self.get_base_url(), self.get_start_url())

    def _smart_qr_data_uri(self):
        """The public address as a QR code PNG, as a data URI for the flyer."""
        self.ensure_one()
        image = qrcode.make(self._smart_public_url(), box_size=10, border=2)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    def _smart_post_unlinked(self, questions, field_label):
        """Notice on the survey that ``questions`` lost their link to a deleted field."""
        self.ensure_one()
        self.message_post(body=self.env._(
            "The field “%(field)s” was deleted: the questions %(questions)s no longer fill it. Their answers are "
            "kept.", field=field_label, questions=", ".join(f"“{title}”" for title in questions.mapped("title"))))

    # ------------------------------------------------------------------
    # demo
    # ------------------------------------------------------------------

    @api.model
    @api.private
    def _demo_setup_smart_crm(self, survey_id, database_id):
        """The demo survey's database columns, its links to customer fields and
        columns, and responses of a few demo customers."""
        survey = self.browse(survey_id)
        database = self.env["smart.database"].browse(database_id)
        ref = self.env.ref
        Field = self.env["smart.field"]

        def column(label, name, field_type, sequence, choices=()):
            return Field.create({
                "label": label, "name": name, "field_type": field_type, "model_id": database.model_id.id,
                "sequence": sequence,
                "choice_ids": [Command.create({"label": choice, "sequence": index})
                               for index, choice in enumerate(choices)]}).field_id

        reason_column = column("来店きっかけ", "x_visit_reason", "selection", 10,
                               ["友人・知人の紹介", "ウェブサイト・SNS", "チラシ・店頭"])
        score_column = column("おすすめ度", "x_nps", "integer", 20)
        comment_column = column("ご意見", "x_comment", "text", 30)
        survey.smart_database_id = database
        partner_fields = {name: self.env["ir.model.fields"]._get("res.partner", name)
                          for name in ("name", "email", "x_birthday", "x_visit_reason")}
        if not all(partner_fields.values()):  # the customer fields of crm_smart_data's demo are missing
            return
        q_reason, q_score, q_comment, q_name, q_email, q_birthday = (
            ref(f"crm_survey.survey_customer_satisfaction_q{number}") for number in range(1, 7))
        q_reason.write({"partner_field_id": partner_fields["x_visit_reason"].id,
                        "smart_db_field_id": reason_column.id})
        q_score.smart_db_field_id = score_column
        q_comment.smart_db_field_id = comment_column
        q_name.partner_field_id = partner_fields["name"]
        q_email.partner_field_id = partner_fields["email"]
        q_birthday.partner_field_id = partner_fields["x_birthday"]
        # the survey's labels differ from the field's: the mapping table says which choice each answer sets
        for answer, choice in (("a1", "referral"), ("a2", "web"), ("a3", "flyer")):
            answer = ref(f"crm_survey.survey_customer_satisfaction_q1_{answer}")
            answer.smart_choice_ids |= ref(f"crm_smart_data.smart_field_choice_demo_{choice}")
        responses = [
            ("res_partner_demo_suzuki", "a1", 10, "スタッフの対応がとても丁寧でした。"),
            ("res_partner_demo_takahashi", "a2", 8, "予約がウェブでできて便利です。"),
            ("res_partner_demo_ito", "a3", 6, "待ち時間が少し長かったです。"),
            ("res_partner_demo_watanabe", "a1", 9, ""),
            ("res_partner_demo_yamada", "a2", 3, "駐車場があると助かります。"),
        ]
        for partner_xmlid, answer, score, comment in responses:
            partner = ref(f"crm_smart_base.{partner_xmlid}", raise_if_not_found=False)
            if not partner:
                continue
            user_input = survey._create_answer(partner=partner, check_attempts=False)
            user_input._save_lines(q_reason, ref(f"crm_survey.survey_customer_satisfaction_q1_{answer}").id)
            user_input._save_lines(q_score, str(score))
            user_input._save_lines(q_comment, comment)
            user_input._save_lines(q_name, partner.name)
            user_input._save_lines(q_email, partner.email or "")
            user_input._mark_done()
