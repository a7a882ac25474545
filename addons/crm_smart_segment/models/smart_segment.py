import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.crm_smart_base.tools.domain import parse_domain

#: customers shown as a sample beside the live count
SAMPLE_SIZE = 10
#: the fields that define who is in a segment
CONDITION_FIELDS = frozenset({"domain", "line_ids", "include_segment_ids", "exclude_segment_ids"})
#: fields the segment's life sets: never written by users
WORKFLOW_FIELDS = frozenset({"state", "broken_reason"})
#: errors a condition being edited may raise: shown beside the count, not raised
CONDITION_ERRORS = (UserError, AccessError, ValidationError, ValueError, TypeError, SyntaxError, NameError,
                    KeyError)


class SmartSegment(models.Model):
    """A named set of customers defined by conditions: on any customer field
    (custom fields and the stored card, visit and alert summaries included),
    on records of other models linked to the customer (``smart.segment.line``)
    and on other segments (in A and in B, in A and not in B).

    The public contract for mailings, surveys and campaigns is
    :meth:`_get_partner_domain`, :meth:`_search_partners`, ``partner_count``
    and :meth:`action_view_partners`. A segment is always evaluated as the
    current user, with their access rights and record rules: it never shows
    a customer or a record the user could not find themselves.

    A segment whose condition names a field that no longer exists is
    *broken*: it says why and refuses to count or list customers rather than
    silently dropping the condition and widening to more customers.
    """

    _name = "smart.segment"
    _description = "Customer Segment"
    _order = "name, id"

    name = fields.Char(required=True)
    description = fields.Text(help="What the segment is for, shown to the people who use it.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Owner", required=True, readonly=True, index=True,
                              default=lambda self: self.env.user)
    domain = fields.Char(string="Customer Conditions", required=True, default="[]",
                         help="Conditions on the customer's own fields, custom fields and summaries.")
    line_ids = fields.One2many("smart.segment.line", "segment_id", string="Related Records", copy=True,
                               help="Customers who have (or have no) record of another kind matching conditions.")
    include_segment_ids = fields.Many2many(
        "smart.segment", "smart_segment_include_rel", "segment_id", "included_id", string="Also In Segments",
        help="Only customers who are also in every one of these segments.")
    exclude_segment_ids = fields.Many2many(
        "smart.segment", "smart_segment_exclude_rel", "segment_id", "excluded_id", string="Not In Segments",
        help="Customers in any of these segments are left out.")
    state = fields.Selection([("valid", "Valid"), ("broken", "Broken")], required=True, default="valid",
                             readonly=True, copy=False)
    broken_reason = fields.Text(readonly=True, copy=False)
    partner_count = fields.Integer(string="Customers", compute="_compute_partners")
    sample_partner_ids = fields.Many2many("res.partner", string="Sample Customers", compute="_compute_partners")
    condition_error = fields.Char(compute="_compute_partners")

    # ------------------------------------------------------------------
    # compute and constraints
    # ------------------------------------------------------------------

    @api.depends("domain", "line_ids.model_id", "line_ids.link_field_id", "line_ids.match", "line_ids.domain",
                 "include_segment_ids", "exclude_segment_ids", "state")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_partners(self):
        """The live count and sample, recomputed as the conditions change in the form."""
        Partner = self.env["res.partner"]
        for segment in self:
            segment.partner_count = 0
            segment.sample_partner_ids = Partner
            segment.condition_error = False
            try:
                domain = segment._partner_domain()
                # a value PostgreSQL refuses (a word compared with a date) must not end the transaction
                with self.env.cr.savepoint(flush=False):
                    count, sample = segment._count_and_sample(domain)
                segment.partner_count = count
                segment.sample_partner_ids = sample
            except CONDITION_ERRORS as error:
                segment.condition_error = error.args[0] if error.args else str(error)
            except psycopg2.Error:
                segment.condition_error = self.env._("A value of the conditions does not fit its field.")

    def _check_conditions(self):
        """Conditions are checked as the user who saves them (not as a
        constraint, which Odoo runs as superuser): unknown fields, fields or
        records they may not read and cycles are refused."""
        for segment in self:
            try:
                segment._partner_domain().validate(self.env["res.partner"])
            except (UserError, AccessError) as error:
                raise ValidationError(self.env._("Segment “%(name)s” cannot be saved: %(error)s",
                                                 name=segment.name, error=error.args[0])) from error
            except (ValueError, TypeError, SyntaxError, NameError, KeyError) as error:
                raise ValidationError(self.env._("The conditions of segment “%(name)s” are not valid: %(error)s",
                                                 name=segment.name, error=error)) from error

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_writable(vals)
        segments = super().create(vals_list)
        segments._check_conditions()
        return segments

    def write(self, vals):
        if not self.env.su:
            self._check_writable(vals)
        if CONDITION_FIELDS & set(vals):
            # new conditions are checked when saved: a repaired segment is valid again
            vals = dict(vals, state="valid", broken_reason=False)
        result = super().write(vals)
        if CONDITION_FIELDS & set(vals):
            self._check_conditions()
        return result

    @api.model
    def _check_writable(self, vals):
        if WORKFLOW_FIELDS & set(vals):
            raise UserError(self.env._("The state of a segment is set by Smart CRM, not by hand."))
        if vals.get("user_id", self.env.uid) != self.env.uid and not self.env.user.has_group(
                "crm_smart_base.group_smart_manager"):
            raise UserError(self.env._("Only Smart CRM managers may give a segment to another owner."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_view_partners(self):
        """The customers of the segment, in the customer views."""
        self.ensure_one()
        domain = self._partner_domain()
        if any(isinstance(condition.value, SQL) for condition in domain.iter_conditions()):
            # a subquery on related records cannot travel to the browser: the customers it finds can
            domain = Domain("id", "in", self._search_partners().ids)
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_smart_base.res_partner_action_customers")
        action.update({
            "name": self.name,
            "domain": list(domain),
            "context": {"create": False},
        })
        return action

    # ------------------------------------------------------------------
    # public contract (Python only)
    # ------------------------------------------------------------------

    @api.private
    def _get_partner_domain(self):
        """A res.partner domain selecting the customers of the segment, to be
        searched as the current user. Related-record conditions become
        ``any``/``not any`` on a one2many of the customer where one exists,
        else ``('id', 'in'|'not in', <subquery>)`` built with the user's record
        rules. Raises a UserError for a broken segment."""
        self.ensure_one()
        return list(self._partner_domain())

    @api.private
    def _search_partners(self, limit=None):
        """The customers of the segment the current user may see."""
        self.ensure_one()
        return self.env["res.partner"].search(self._partner_domain(), limit=limit)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _partner_domain(self, outer=frozenset()):
        """The segment's conditions as a :class:`Domain` on res.partner;
        ``outer`` holds the segments that include this one (cycle guard)."""
        self.ensure_one()
        if self.state == "broken":
            raise UserError(self.env._("Segment “%(name)s” is broken: %(reason)s",
                                       name=self.name, reason=self.broken_reason or ""))
        key = self._origin.id or self.id
        if key in outer:
            raise UserError(self.env._("Segment “%(name)s” includes or excludes itself through other segments.",
                                       name=self.name))
        outer = outer | {key}
        parts = [self._eval_domain(self.domain, "res.partner")]
        parts += [line._partner_domain() for line in self.line_ids]
        parts += [other._partner_domain(outer) for other in self.include_segment_ids]
        parts += [~other._partner_domain(outer) for other in self.exclude_segment_ids]
        return Domain.AND(parts)

    @api.model
    def _count_and_sample(self, domain):
        """The number of customers matching ``domain`` and ten of them: a
        count (which PostgreSQL may share among parallel workers) and ten
        rows in no order (ordered, it would find and sort every match)."""
        Partner = self.env["res.partner"]
        count = Partner.search_count(domain)
        sample = Partner._search(domain, limit=SAMPLE_SIZE)
        if not count or sample.is_empty():
            return count, Partner
        sample.order = None
        return count, Partner.browse(sample.get_result_ids())

    @api.model
    def _eval_domain(self, text, model_name):
        """The domain written in ``text`` for ``model_name``, with dates
        relative to today (``context_today() - relativedelta(days=60)``), after
        checking that the user may read and search every field it names."""
        domain = self._parse_domain(text)
        for model, field in self._named_fields(domain, model_name, check=True):
            if not model._has_field_access(field, "read"):
                raise UserError(self.env._("You may not use the field “%(field)s” of %(model)s in a segment.",
                                           field=field._description_string(self.env), model=model._description))
            if not (field.store or field.search):
                raise UserError(self.env._("The field “%(field)s” of %(model)s cannot be searched.",
                                           field=field._description_string(self.env), model=model._description))
        return domain

    @api.model
    def _parse_domain(self, text):
        """The domain written in ``text``, as the domain editor writes it."""
        return parse_domain(self.env, text)

    @api.model
    def _named_fields(self, domain, model_name, check=False):
        """``(model, field)`` of every field along the paths of ``domain``;
        an unknown field raises a UserError when ``check``, else ends its path."""
        for condition in domain.iter_conditions():
            model = self.env[model_name]
            for name in condition.field_expr.split("."):
                field = model._fields.get(name)
                if field is None:
                    if check:
                        raise UserError(self.env._("%(model)s has no field “%(field)s”.",
                                                   model=model._description, field=name))
                    break
                yield model, field
                if not field.relational:
                    break
                model = self.env[field.comodel_name]
            if condition.operator in ("any", "not any") and isinstance(condition.value, (Domain, list, tuple)):
                field = self.env[model_name]._fields.get(condition.field_expr)
                if field is not None and field.relational:
                    yield from self._named_fields(Domain(condition.value), field.comodel_name, check)

    def _conditions_name(self, model_name, field_name):
        """Whether the conditions of this segment name ``field_name`` of ``model_name``."""
        self.ensure_one()
        sources = [(self.domain, "res.partner")] + [(line.domain, line.model_name) for line in self.line_ids
                                                    if line.model_name in self.env]
        for text, source_model in sources:
            try:
                domain = self._parse_domain(text)
            except CONDITION_ERRORS:
                continue
            if any(model._name == model_name and field.name == field_name
                   for model, field in self._named_fields(domain, source_model)):
                return True
        return any(line.link_field_id.model == model_name and line.link_field_id.name == field_name
                   for line in self.line_ids)

    @api.model
    def _mark_broken_by_fields(self, odoo_fields):
        """Mark broken every segment whose conditions name one of ``odoo_fields``
        (``ir.model.fields`` about to be deleted), with the reason."""
        segments = self.sudo().with_context(active_test=False).search([("state", "=", "valid")])
        for odoo_field in odoo_fields:
            for segment in segments.filtered(lambda s, f=odoo_field: s._conditions_name(f.model, f.name)):
                segment._mark_broken(self.env._(
                    "The field “%(field)s” (%(name)s) of %(model)s that its conditions use was deleted. "
                    "Change the conditions to use the segment again.",
                    field=odoo_field.field_description, name=odoo_field.name, model=odoo_field.model_id.name))

    def _mark_broken(self, reason):
        self.sudo().write({"state": "broken", "broken_reason": reason})
