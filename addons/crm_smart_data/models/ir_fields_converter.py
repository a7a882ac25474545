from odoo import api, models


class IrFieldsConverter(models.AbstractModel):
    _inherit = "ir.fields.converter"

    @api.model
    def db_id_for(self, model, field, subfield, value, savepoint):
        """Odoo's import finds a linked record by name among all the records of
        its model; the choices of every custom field live in one model, so a
        choice is looked up among the field's own choices only (its domain),
        and a label that is none of them is refused instead of linking the
        choice of another field that bears it."""
        if field.comodel_name != "smart.field.choice" or subfield is not None or value == "":
            return super().db_id_for(model, field, subfield, value, savepoint)
        domain = self.env["smart.data.io"]._field_domain(field)
        found = self.env["smart.field.choice"].name_search(name=value, domain=domain, operator="=", limit=1)
        if found:
            return found[0][0], []
        raise self._format_import_error(
            ValueError, self.env._("“%(value)s” is not one of the choices of %%(field)s"), {"value": value})
