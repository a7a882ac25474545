from odoo.exceptions import ValidationError

from odoo.addons.crm_smart_base.tools.domain import parse_domain


def parse_customer_filter(env, text, name, check=False):
    """The customer filter ``text`` (a domain on res.partner as the domain widget
    saves it, relative dates included) as a Domain. ``name`` says whose filter it is in the error; with
    ``check``, the filter is also tried on the customers, so that a field that
    does not exist is refused when the filter is saved."""
    try:
        domain = parse_domain(env, text)
        if check:
            env["res.partner"].search_count(domain, limit=1)
    except Exception as error:
        raise ValidationError(env._("The customer filter of “%(name)s” is not valid: %(error)s",
                                    name=name, error=error)) from error
    return domain
