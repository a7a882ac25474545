import datetime

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import email_normalize, plaintext2html

from odoo.addons.crm_smart_base.tools import convert


class SurveyUserInput(models.Model):
    """On completion a response feeds Smart CRM: the answers of linked
    questions are converted by the rules uploads use, the respondent's
    customer is found (or created) and updated, and the response becomes a
    record of the survey's database. A response whose answers do not convert
    is kept with the errors listed for staff, and the customer is left as it
    was."""

    _inherit = "survey.user_input"

    invite_wave_id = fields.Many2one("survey.invite.wave", string="Invitation Wave", readonly=True,
                                     index="btree_not_null", ondelete="set null")
    smart_sync_error = fields.Text(
        string="Customer Update Errors", readonly=True, groups="survey.group_survey_user",
        help="Answers that could not be converted to the fields they are linked to; the customer record was not "
             "updated.")
    smart_record_id = fields.Integer(string="Database Record", readonly=True, groups="survey.group_survey_user",
                                     help="The record this response created in the survey's database.")

    def _mark_done(self):
        result = super()._mark_done()
        respondents = self.env["res.partner"]
        for user_input in self.sudo():
            if user_input.test_entry:
                continue
            if user_input.survey_id.respondent_mode == "anonymous":
                user_input.write({"partner_id": False, "email": False, "nickname": False})
            user_input._smart_sync()
            respondents |= user_input.partner_id
        if respondents:
            # the customers found or created by the sync answered a survey
            respondents._smart_customer_event("survey_answered")
        return result

    # ------------------------------------------------------------------
    # helpers (run as superuser: the respondent may be a public visitor)
    # ------------------------------------------------------------------

    def _smart_sync(self):
        self.ensure_one()
        survey = self.survey_id
        questions = survey.question_ids.filtered(lambda question: question.partner_field_id
                                                 or question.smart_db_field_id)
        if not questions and not survey.smart_database_id:
            return
        cache, errors = {}, []
        partner_values, db_values = [], []
        for question in questions:
            for field, target in ((question.partner_field_id, partner_values),
                                  (question.smart_db_field_id, db_values)):
                if not field or field.model not in self.env or field.name not in self.env[field.model]._fields:
                    continue
                try:
                    value = self._smart_convert(question, field, cache)
                except convert.ConvertError as error:
                    errors.append(self.env._("“%(question)s”: %(error)s", question=question.title,
                                             error=self.env._(error.message)))
                    continue
                if value is not None:
                    target.append((question, field, value))
        partner = self.env["res.partner"]
        if survey.respondent_mode == "identified":
            partner = self._smart_customer(partner_values, errors)
        self._smart_write_record(partner, db_values)
        if errors:
            self.smart_sync_error = "\n".join(errors)

    def _smart_convert(self, question, field, cache):
        """The value of ``field`` the answer to ``question`` gives (None without
        an answer); raises ConvertError."""
        lines = self.user_input_line_ids.filtered(lambda line: line.question_id == question and not line.skipped)
        if question.question_type in ("simple_choice", "multiple_choice"):
            lines = lines.filtered(lambda line: line.answer_type == "suggestion")
        if not lines:
            return None
        model = self.env[field.model]
        odoo_field = model._fields[field.name]
        kind = question._smart_field_kind(field)
        cell = self.env["smart.data.io"]._cell_converter(model, odoo_field, kind, cache)
        if lines[0].answer_type == "suggestion":
            values = []
            for answer in lines.suggested_answer_id:
                choice = answer.smart_choice_ids.filtered(lambda choice: choice.smart_field_id.field_id == field)
                if choice:
                    values.append(choice.id)
                elif kind == "many2many":
                    values.extend(cell(answer.value))
                elif kind in ("char", "text"):
                    values.append(answer.value)
                else:
                    values.append(cell(answer.value))
            if kind == "many2many":
                return values
            return cell("、".join(values)) if kind in ("char", "text") else values[0]
        line = lines[0]
        raw = line[f"value_{line.answer_type}"]
        if isinstance(raw, datetime.datetime):  # stored in UTC already
            raw = raw.replace(tzinfo=datetime.UTC)
        value = cell(raw)
        if kind == "html" and value:
            value = plaintext2html(value)
        return value

    def _smart_customer(self, values, errors):
        """The respondent's customer: the invited or logged-in one, else the one
        with the answered email or phone, else a new one; updated with
        ``values`` when every answer converted."""
        identity = {question._smart_field_kind(field): value for question, field, value in values
                    if field.model == "res.partner"}
        email = identity.get("email") or email_normalize(self.email or "") or None
        phone = identity.get("phone") or None
        partner = self.partner_id
        if not partner and (email or phone):
            self.env["survey.customer.key"]._lock(
                [f"email:{email}"] * bool(email) + [f"phone:{phone}"] * bool(phone))
            partner = self.env["res.partner"]._survey_find_customer(email=email, phone=phone)
            if not partner and not errors:
                partner = self._smart_create_customer(values, email, phone)
                values = []
        if partner and values and not errors:
            try:
                with self.env.cr.savepoint():
                    self._smart_update_customer(partner, values)
            except (UserError, ValidationError) as error:
                errors.append(str(error))
        if partner and self.partner_id != partner:
            self.write({"partner_id": partner.id, "email": self.email or partner.email})
        return partner

    def _smart_create_customer(self, values, email, phone):
        vals = {field.name: self._smart_write_value(field, value) for _question, field, value in values}
        region = self.env.company.country_id.code or "JP"
        vals.setdefault("email", email or False)
        if phone and "phone" not in vals:
            vals["phone"] = convert.phone_national(phone, region)
        if not vals.get("name"):
            vals["name"] = self.nickname or email or convert.phone_national(phone, region)
        partner = self.env["res.partner"].create(vals)
        partner.message_post(body=self.env._("Created from the answers to the survey “%(survey)s”.",
                                             survey=self.survey_id.title))
        return partner

    def _smart_update_customer(self, partner, values):
        """Writes the answers to the customer (only into empty fields unless the
        survey overwrites) and posts the changes the questions ask for."""
        overwrite = self.survey_id.smart_update_mode == "overwrite"
        vals, posted = {}, []
        for question, field, value in values:
            current = partner[field.name]
            new = self._smart_write_value(field, value)
            if current and not overwrite:
                continue
            if self._smart_same(current, value, new):
                continue
            vals[field.name] = new
            if question.smart_post_change:
                posted.append((field, self._smart_display(partner, field)))
        if not vals:
            return
        partner.write(vals)
        if posted:
            lines = [self.env._("Answers to the survey “%(survey)s”:", survey=self.survey_id.title)]
            lines += [f"{field.field_description}: {old or '—'} → {self._smart_display(partner, field)}"
                      for field, old in posted]
            partner.message_post(body=Markup("<br/>").join(lines))

    def _smart_write_record(self, partner, values):
        """The response as a record of the survey's database."""
        database = self.survey_id.smart_database_id
        if not database.model or database.model not in self.env or self.smart_record_id:
            return
        Model = self.env[database.model]
        vals = {field.name: self._smart_write_value(field, value) for _question, field, value in values
                if field.model == database.model}
        vals["x_name"] = f"{self.survey_id.title} #{self.id}"
        vals["x_company_id"] = (self.survey_id.user_id.company_id or self.env.company).id
        if partner and "x_partner_id" in Model._fields:
            vals["x_partner_id"] = partner.id
        self.smart_record_id = Model.create(vals).id

    def _smart_write_value(self, field, value):
        if field.ttype == "many2many":
            return [Command.set(value)]
        if field.model == "res.partner" and field.name == "phone":
            return convert.phone_national(value, self.env.company.country_id.code or "JP")
        return value

    @staticmethod
    def _smart_same(current, value, new):
        """Whether the customer already holds the answer (``value`` converted, ``new`` as written)."""
        if isinstance(current, models.BaseModel):
            return sorted(current.ids) == sorted(value if isinstance(value, list) else [value])
        return current == new

    @staticmethod
    def _smart_display(record, field):
        value = record[field.name]
        if isinstance(value, models.BaseModel):
            return ", ".join(value.mapped("display_name"))
        return "" if value is False else str(value)
