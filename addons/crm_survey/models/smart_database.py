from odoo import models


class SmartDatabase(models.Model):
    """Deleting a database detaches the surveys writing into it, with a notice."""

    _inherit = "smart.database"  # pylint: disable=consider-merging-classes-inherited

    def unlink(self):
        surveys = self.env["survey.survey"].sudo().with_context(active_test=False).search(
            [("smart_database_id", "in", self.ids)])
        for survey in surveys:
            survey.message_post(body=self.env._(
                "The database “%(database)s” was deleted: completed responses are no longer written into a "
                "database. The answers are kept.", database=survey.smart_database_id.name))
        self.env["survey.question"]._smart_unlink_fields(
            {field.id: field.field_description for field in surveys.question_ids.smart_db_field_id})
        surveys.smart_database_id = False
        return super().unlink()
