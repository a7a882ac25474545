import base64
import io
import secrets

import qrcode

from odoo import api, fields, models


class SmartMagazinePage(models.Model):
    """A public mail-magazine sign-up page (メルマガ登録ページ): a visitor leaves an
    email, confirms it from the email sent to it, and only then becomes a
    subscriber with a recorded consent."""

    _name = "smart.magazine.page"
    _description = "Mail Magazine Sign-up Page"
    _order = "name"

    name = fields.Char(string="Title", required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    list_id = fields.Many2one("mailing.list", string="Mailing List", required=True, ondelete="restrict",
                              help="Confirmed subscribers join this list.")
    introduction = fields.Text(translate=True, help="Shown above the form.")
    wording = fields.Text(
        string="Consent Wording", required=True, translate=True,
        help="The consent text shown beside the button: it is recorded with each consent.")
    slug = fields.Char(string="Address Key", required=True, readonly=True, copy=False, index=True,
                       default=lambda self: secrets.token_urlsafe(12),
                       help="The last part of the page address; random so that pages cannot be guessed.")
    url = fields.Char(string="Address", compute="_compute_url")
    signup_ids = fields.One2many("smart.magazine.signup", "page_id", string="Sign-ups")
    signup_count = fields.Integer(compute="_compute_signup_count", string="Confirmed Sign-ups")

    _slug_unique = models.Constraint("unique (slug)", "Each sign-up page has its own address.")

    @api.depends("slug")
    def _compute_url(self):
        for page in self:
            page.url = f"{page.get_base_url()}/smart/magazine/{page.slug}"

    def _compute_signup_count(self):
        Signup = self.env["smart.magazine.signup"]
        counts = dict(Signup._read_group([("page_id", "in", self.ids), ("state", "=", "confirmed")],
                                         ["page_id"], ["__count"]))
        for page in self:
            page.signup_count = counts.get(page, 0)

    def action_open_page(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.url, "target": "new"}

    def action_view_signups(self):
        self.ensure_one()
        domain = [("page_id", "=", self.id)]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign-ups"),
            "res_model": "smart.magazine.signup",
            "view_mode": "list,form",
            "domain": domain,
        }

    @api.private
    def _get_qr_code_data_uri(self):
        """The page address as a QR code (PNG data URI), printed for the counter."""
        self.ensure_one()
        stream = io.BytesIO()
        qrcode.make(self.url, box_size=10, border=4).save(stream, format="PNG")
        return "data:image/png;base64," + base64.b64encode(stream.getvalue()).decode()
