from werkzeug.exceptions import NotFound

from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal


class InquiryCustomerPortal(CustomerPortal):
    """The customer's own inquiries on the portal, and a form to send a new one."""

    def _inquiry_domain(self):
        """Inquiries of the logged-in customer (or of their company)."""
        return [("partner_id", "child_of", request.env.user.partner_id.commercial_partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "inquiry_count" in counters:
            Inquiry = request.env["smart.inquiry"]
            values["inquiry_count"] = (
                Inquiry.search_count(self._inquiry_domain()) if Inquiry.has_access("read") else 0)
        return values

    @route(["/my/inquiries"], type="http", auth="user", website=True)
    def portal_my_inquiries(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "inquiry",
            "inquiry": False,
            "inquiries": request.env["smart.inquiry"].search(self._inquiry_domain(), limit=200),
        })
        return request.render("crm_smart_claim.portal_my_inquiries", values)

    @route(["/my/inquiries/<int:inquiry_id>"], type="http", auth="user", website=True)
    def portal_my_inquiry(self, inquiry_id, **kw):
        inquiry = request.env["smart.inquiry"].search(
            [("id", "=", inquiry_id), *self._inquiry_domain()], limit=1)
        if not inquiry:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "inquiry", "inquiry": inquiry})
        return request.render("crm_smart_claim.portal_my_inquiry", values)

    @route(["/my/inquiries/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_inquiry_new(self, **post):
        """Always for the logged-in customer: a customer given in the form is ignored."""
        error = False
        if request.httprequest.method == "POST":
            subject = (post.get("name") or "").strip()
            if subject:
                inquiry = request.env["smart.inquiry"].sudo()._portal_create(
                    request.env.user.partner_id, post)
                return request.redirect("/my/inquiries/%s" % inquiry.id)
            error = request.env._("Please enter a subject.")
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "inquiry",
            "inquiry": False,
            "error": error,
            "values": post,
            "categories": request.env["smart.inquiry.category"].search([]),
        })
        return request.render("crm_smart_claim.portal_inquiry_new", values)
