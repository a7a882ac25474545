from odoo import api, models

from odoo.addons.base.models.res_partner import ResPartner as BasePartner
from odoo.addons.crm_smart_base.tools import convert
from odoo.addons.phone_validation.models.models import Base as PhoneBase


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "smart.field.target.mixin"]

    def _phone_format_number(self, number, country, force_format="E164", raise_exception=False):
        """Japanese numbers of the common shapes (03-1234-5678, 090 1234 5678,
        +81 …) in E.164 without the phone parser, which phone_validation runs
        for the stored number (phone_sanitized) of every customer created or
        changed: a large part of the time of a customer upload. The result is what the
        parser gives (crm_smart_base's tools.convert reads phonenumbers' own rules
        of a valid number); every other number and format goes to the parser."""
        if force_format == "E164" and country and country.code == "JP":
            fast = convert.jp_phone_e164(number)
            if fast:
                return fast
        return super()._phone_format_number(number, country, force_format=force_format,
                                            raise_exception=raise_exception)

    def _compute_phone_sanitized(self):
        """The stored number of each customer as phone_validation computes it
        (the first number field with a number, formatted for the customer's
        country, else the company's), with the number fields and countries
        looked up once for all the customers instead of once per customer.
        A module that formats numbers otherwise (its own _phone_format) has
        its own computation."""
        if type(self)._phone_format is not PhoneBase._phone_format:
            return super()._compute_phone_sanitized()
        self._assert_phone_field()
        number_fields = self._phone_get_number_fields()
        countries = self._phone_get_country()
        company_country = self.env.company.country_id
        for partner in self:
            sanitized = False
            for fname in number_fields:
                number = partner[fname]
                sanitized = number and partner._phone_format_number(
                    number, countries.get(partner.id) or company_country, force_format="E164")
                if sanitized:
                    break
            partner.phone_sanitized = sanitized or False
        return None

    def _compute_complete_name(self):
        """The complete name of a customer with neither a parent nor a company
        name is its name (see base's _get_complete_name), set without going
        through the complete-name rules customer by customer; the others, or
        all when a module makes complete names its own way, as base does."""
        if type(self)._get_complete_name is not BasePartner._get_complete_name:
            return super()._compute_complete_name()
        alone = self.filtered(lambda partner: not partner.parent_id and not partner.company_name)
        for partner in alone:
            partner.complete_name = (partner.name or "").strip()
        return super(ResPartner, self - alone)._compute_complete_name()

    def _compute_email_normalized(self):
        """Plain addresses (name@example.co.jp) normalised without the address
        parser, which mail runs for the stored address (email_normalized) of
        every customer created or changed: its result for them is the address
        in lower case (see crm_smart_base's tools.convert). Every other text
        goes to the parser."""
        plain = self.filtered(lambda partner: partner.email and convert.PLAIN_EMAIL_RE.fullmatch(partner.email))
        for partner in plain:
            partner.email_normalized = partner.email.lower()
        return super(ResPartner, self - plain)._compute_email_normalized()

    @api.model
    def _smart_upload_created(self, records):
        """The commercial entity of new customers, computed for the chunk at
        once: the ORM computes it one customer at a time, as a customer's may
        come from a parent created with it; an upload's parents are customers
        that existed before the chunk (its columns are matched against them)."""
        result = super()._smart_upload_created(records)
        field = self._fields["commercial_partner_id"]
        todo = records & self.env.records_to_compute(field)
        if todo and not (todo.parent_id & todo):
            field.compute_value(todo)
        return result

    @api.model
    def _smart_upload_create_context(self, field_names, constants):
        """New customers without a parent have nothing to synchronise with a
        parent company or with children (base's _fields_sync, customer by
        customer after their creation): skipped as Odoo does when it loads
        data files, unless a column or a default gives a parent, or a module
        synchronises customers its own way."""
        context = super()._smart_upload_create_context(field_names, constants)
        if ("parent_id" in field_names or constants.get("parent_id") or self.default_get(["parent_id"])
                or type(self)._fields_sync is not BasePartner._fields_sync
                or type(self)._children_sync is not BasePartner._children_sync):
            return context
        return {**context, "_partners_skip_fields_sync": True}

    @api.model
    def _smart_upload_create_values(self, field_names):
        """A customer's salesperson is copied from its parent company, and
        computed before the customer is created, which costs a record in memory
        per row of an upload. Without a salesperson or a parent column, nor a
        default for either, it stays empty: given as such, unless another
        module computes other fields before creation too."""
        values = super()._smart_upload_create_values(field_names)
        if {"user_id", "parent_id"} & set(field_names) or self.default_get(["user_id", "parent_id"]):
            return values
        # the properties are always given with the defaults (see _add_missing_default_values)
        if [name for name, field in self._fields.items() if field.precompute and field.type != "properties"] \
                != ["user_id"]:
            return values
        return {**values, "user_id": False}
