from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import InquiryCase


@tagged("post_install", "-at_install")
class TestInquiryPortal(HttpCase, InquiryCase):

    def _post_new(self, **data):
        return self.url_open("/my/inquiries/new", data={"csrf_token": Request.csrf_token(self), **data})

    def test_form_creates_inquiry_for_logged_in_customer(self):
        self.authenticate("inquiry_portal", "inquiry_portal")
        response = self._post_new(name="予約の変更", description="来週に変更したいです。", kind="complaint",
                                  category_id=str(self.category.id), partner_id=str(self.other_customer.id),
                                  state="closed", user_id=str(self.user_admin.id))
        self.assertEqual(response.status_code, 200)
        inquiry = self.Inquiry.search([("name", "=", "予約の変更")])
        self.assertEqual(len(inquiry), 1)
        self.assertEqual(inquiry.partner_id, self.portal_partner, "a customer given in the form is ignored")
        self.assertEqual(inquiry.channel, "web")
        self.assertEqual(inquiry.kind, "complaint")
        self.assertEqual(inquiry.category_id, self.category)
        self.assertEqual(inquiry.state, "open")
        self.assertNotEqual(inquiry.user_id, self.user_admin)
        self.assertTrue(inquiry.alert_id.active)
        self.assertIn(f"/my/inquiries/{inquiry.id}", response.url)

    def test_form_without_subject_creates_nothing(self):
        self.authenticate("inquiry_portal", "inquiry_portal")
        count = self.Inquiry.search_count([])
        response = self._post_new(name="  ", description="本文のみ")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.Inquiry.search_count([]), count)

    def test_form_needs_csrf_token(self):
        self.authenticate("inquiry_portal", "inquiry_portal")
        response = self.url_open("/my/inquiries/new", data={"name": "CSRFなし"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.Inquiry.search([("name", "=", "CSRFなし")]))

    def test_customer_sees_only_own_inquiries(self):
        own = self._inquiry(self.portal_partner, name="自分の問い合わせ")
        other = self._inquiry(self.other_customer, name="他人の問い合わせ")
        self.authenticate("inquiry_portal", "inquiry_portal")
        listing = self.url_open("/my/inquiries")
        self.assertIn("自分の問い合わせ", listing.text)
        self.assertNotIn("他人の問い合わせ", listing.text)
        self.assertEqual(self.url_open(f"/my/inquiries/{own.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/inquiries/{other.id}").status_code, 404)

    def test_anonymous_visitor_sent_to_login(self):
        response = self.url_open("/my/inquiries/new", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
