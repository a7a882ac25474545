from odoo import http
from odoo.http import request


class SmartMagazineController(http.Controller):
    """The public mail-magazine sign-up page and its confirmation link. Business
    rules live in smart.magazine.signup; this only reads the form and renders."""

    def _get_page(self, slug):
        return request.env["smart.magazine.page"].sudo().search([("slug", "=", slug)], limit=1)

    @http.route("/smart/magazine/<string:slug>", type="http", auth="public", methods=["GET"], sitemap=False)
    def magazine_page(self, slug, **kwargs):
        page = self._get_page(slug)
        if not page:
            raise request.not_found()
        return request.render("crm_smart_mail.magazine_page", {"page": page, "company": page.company_id})

    @http.route("/smart/magazine/<string:slug>/subscribe", type="http", auth="public", methods=["POST"],
                sitemap=False)
    def magazine_subscribe(self, slug, email=None, name=None, **kwargs):
        page = self._get_page(slug)
        if not page:
            raise request.not_found()
        request.env["smart.magazine.signup"].sudo()._request(page, email, name)
        # the same answer whatever the address: nobody learns who is a customer
        return request.render("crm_smart_mail.magazine_check_inbox", {"page": page, "company": page.company_id})

    @http.route("/smart/magazine/confirm/<string:token>", type="http", auth="public", methods=["GET"],
                sitemap=False)
    def magazine_confirm(self, token, **kwargs):
        signup = request.env["smart.magazine.signup"].sudo()._from_token(token)
        if not signup:
            return request.render("crm_smart_mail.magazine_link_invalid", {}, status=404)
        signup._confirm()
        return request.render("crm_smart_mail.magazine_confirmed", {"page": signup.page_id,
                                                                   "company": signup.page_id.company_id})
