import base64

from odoo import api, models

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook

# standard customer fields offered in the customers' upload template, besides
# the required ones and the custom fields
PARTNER_TEMPLATE_FIELDS = ("name", "name_kana", "email", "phone", "zip", "state_id", "city", "street", "street2",
                           "website", "comment")
# fields of a database every record gets without a column
DATABASE_HIDDEN_FIELDS = ("x_active", "x_currency_id", "x_company_id")


class SmartDataTemplate(models.AbstractModel):
    """An empty XLSX file to fill in for an upload: the headers of a target's
    columns on the first sheet, and on the second what each column takes
    (type, required or not, allowed choices)."""

    _inherit = "smart.data.io"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def template_xlsx(self, model_name):
        """The upload template of ``model_name``, as base64 text."""
        model = self._check_target(model_name, "create")
        fields_ = self._template_fields(model)
        required = self._required_fields(model)
        workbook = XlsxWorkbook()
        sheet = workbook.add_sheet(model._description or model._name)
        sheet.header([field._description_string(self.env) for field in fields_], autofilter=False)
        about = workbook.add_sheet(self.env._("Columns"))
        about.header([self.env._("Header"), self.env._("Field"), self.env._("Type"), self.env._("Required"),
                      self.env._("Allowed values")])
        for row, field in enumerate(fields_, start=1):
            about.text(row, 0, field._description_string(self.env))
            about.text(row, 1, field.name)
            about.text(row, 2, self._template_type(model, field))
            about.text(row, 3, self.env._("Yes") if field.name in required else "")
            about.text(row, 4, self._template_values(model, field))
        return base64.b64encode(workbook.close()).decode()

    @api.model
    def _template_fields(self, model):
        """The fields of the template's columns, required ones first."""
        importable = self._importable_fields(model)
        if model._name == "res.partner":
            names = [name for name in PARTNER_TEMPLATE_FIELDS if name in importable]
            names += [name for name in importable if name.startswith("x_") and name not in names]
        else:
            names = [name for name in importable if name not in DATABASE_HIDDEN_FIELDS]
        required = self._required_fields(model)
        names.sort(key=lambda name: name not in required)
        return [importable[name] for name in names]

    @api.model
    def _template_type(self, model, field):
        """The type of a column, named as the field designer names it."""
        kind = self._field_kind(model, field)
        if field.type == "many2one":
            kind = {"smart.field.choice": "selection", "res.partner": "partner"}.get(field.comodel_name, "record")
        elif field.type == "many2many":
            kind = "tags"
        kind = {"html": "text", "kana": "char"}.get(kind, kind)
        return self.env["smart.field"]._type_label(kind)

    @api.model
    def _template_values(self, model, field):
        """What a column's cells may hold, for the template's second sheet."""
        if field.type == "selection":
            return "、".join(label for _value, label in field._description_selection(self.env))
        if field.comodel_name == "smart.field.choice":
            return "、".join(self.env["smart.field.choice"].search(self._field_domain(field)).mapped("label"))
        if field.type in ("many2one", "many2many"):
            return self.env._("The name of a record of %s", self.env[field.comodel_name]._description)
        if field.type == "boolean":
            return self.env._("1 or 0, はい or いいえ, ○ or ×")
        if field.type == "date":
            return self.env._("2024-04-01, 2024/4/1, 2024年4月1日 or 令和6年4月1日")
        if field.type == "datetime":
            return self.env._("2024-04-01 09:30 or 2024年4月1日 9時30分")
        if field.type in ("integer", "float", "monetary"):
            return self.env._("A number, optionally followed by 人, 回, 円, 個 or 件")
        return ""
