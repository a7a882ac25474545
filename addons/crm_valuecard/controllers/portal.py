from werkzeug.exceptions import NotFound

from odoo.http import request, route
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ValuecardCustomerPortal(CustomerPortal):
    """The phone member card: the customer's own value cards on the portal."""

    def _valuecard_domain(self):
        """Cards of the logged-in customer (or of their company)."""
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", partner.commercial_partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "valuecard_count" in counters:
            values["valuecard_count"] = (
                request.env["valuecard.card"].sudo().search_count(self._valuecard_domain())
            )
        return values

    def _valuecard_check_access(self, card_id, access_token=None):
        """The card if the visitor owns it or holds its access token, sudoed.

        :raise NotFound: no such card, or not the visitor's: the same answer
            for both, so card ids cannot be probed
        """
        card_sudo = request.env["valuecard.card"].sudo().browse(card_id).exists()
        if not card_sudo:
            raise NotFound()
        if access_token:
            if card_sudo.access_token and consteq(card_sudo.access_token, access_token):
                return card_sudo
            raise NotFound()
        if request.env.user._is_public() or not card_sudo.filtered_domain(self._valuecard_domain()):
            raise NotFound()
        return card_sudo

    @route(["/my/valuecards"], type="http", auth="user", website=True)
    def portal_my_valuecards(self, **kw):
        cards = request.env["valuecard.card"].sudo().search(
            self._valuecard_domain(), order="state, issue_date desc, id desc"
        )
        request.session["my_valuecards_history"] = cards.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "valuecard", "cards": cards})
        return request.render("crm_valuecard.portal_my_valuecards", values)

    @route(
        ["/my/valuecards/<int:card_id>", "/my/valuecards/<int:card_id>/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_valuecard(self, card_id, page=1, access_token=None, **kw):
        if request.env.user._is_public() and not access_token:
            return request.redirect("/web/login?redirect=/my/valuecards/%s" % card_id)
        card_sudo = self._valuecard_check_access(card_id, access_token=access_token)
        Entry = request.env["valuecard.entry"].sudo()
        domain = [("card_id", "=", card_sudo.id)]
        url_args = {"access_token": access_token} if access_token else None
        pager = portal_pager(
            url="/my/valuecards/%s" % card_sudo.id,
            url_args=url_args,
            total=Entry.search_count(domain),
            page=page,
            step=20,
        )
        values = self._prepare_portal_layout_values()
        values = self._get_page_view_values(card_sudo, access_token, values, "my_valuecards_history", False)
        values.update({
            "page_name": "valuecard",
            "card": card_sudo,
            "lots": card_sudo._member_open_lots(),
            # the customer's own coupons, only with a card that can pay
            "coupons": card_sudo._member_coupons() if card_sudo.state == "active" else card_sudo.env["valuecard.coupon"],
            "entries": Entry.search(domain, order="sequence desc", limit=20, offset=pager["offset"]),
            "pager": pager,
            # No code to show for a card that cannot pay (suspended, lost, expired, closed).
            "qr_src": card_sudo.state == "active" and card_sudo._get_member_qr_data_uri(),
            "barcode_src": card_sudo.state == "active" and card_sudo._get_member_barcode_data_uri(),
            # the owner (logged in, not through the card's link) may renew the code
            "can_renew": not access_token and card_sudo.state != "closed",
            "renewed": kw.get("renewed") == "1",
        })
        response = request.render("crm_valuecard.portal_my_valuecard", values)
        # The codes let anyone pay with the card: never keep them in a shared cache.
        response.headers["Cache-Control"] = "no-store"
        return response

    @route(["/my/valuecards/<int:card_id>/renew"], type="http", auth="user", methods=["POST"], website=True)
    def portal_my_valuecard_renew(self, card_id, **kw):
        """The owner renews the member code (POST with the CSRF token): the
        code shown so far, and any photo of it, stops working at once. Only
        the logged-in owner may, not a holder of the card's link."""
        card_sudo = self._valuecard_check_access(card_id)
        if card_sudo.state == "closed":
            raise NotFound()
        card_sudo._renew_member_code(request.env._("renewed by the customer on the portal"))
        return request.redirect("/my/valuecards/%s?renewed=1" % card_sudo.id)
