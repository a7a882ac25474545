from odoo.tests import new_test_user

from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


class SmartMailCase(SmartCrmCase):
    """Customers with and without consent, a marketer, and helpers to mail them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_marketer = new_test_user(cls.env, login="smart_marketer",
                                          groups="crm_smart_base.group_smart_marketer", name="Marketer Ueda",
                                          email="marketer@example.jp")
        cls.tag = cls.env["res.partner.category"].create({"name": "メルマガ対象"})
        Partner = cls.env["res.partner"]
        cls.consenting = Partner.create([{
            "name": f"同意 顧客{index}", "email": f"consent{index}@example.jp", "category_id": [cls.tag.id],
        } for index in range(3)])
        cls.no_consent = Partner.create({"name": "未同意 顧客", "email": "noconsent@example.jp",
                                         "category_id": [cls.tag.id]})
        cls.untagged = Partner.create({"name": "対象外 顧客", "email": "other@example.jp"})
        cls.env["smart.consent"]._record(cls.consenting | cls.untagged, "given", "counter",
                                         wording="店舗からのお知らせメールを受け取ります。")
        cls.tag_domain = repr([("category_id", "in", cls.tag.ids)])

    @classmethod
    def _dynamic_list(cls, **values):
        return cls.env["mailing.list"].create({
            "name": "動的リスト",
            "smart_dynamic": True,
            "smart_partner_domain": cls.tag_domain,
            **values,
        })

    def _mailing(self, mailing_list, **values):
        return self.env["mailing.mailing"].create({
            "subject": "今月のお知らせ",
            "body_html": "<p>こんにちは</p>",
            "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
            "contact_list_ids": [mailing_list.id],
            **values,
        })

    def _mailed_partners(self, mailing):
        """Customers that ``mailing`` was sent to (a trace that is not cancelled)."""
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id),
                                                   ("trace_status", "!=", "cancel")])
        if mailing.mailing_model_real == "res.partner":
            return self.env["res.partner"].browse(traces.mapped("res_id"))
        return self.env["mailing.contact"].browse(traces.mapped("res_id")).smart_partner_id

    def _members(self, mailing_list):
        subscriptions = self.env["mailing.subscription"].search([("list_id", "=", mailing_list.id)])
        return subscriptions.contact_id.smart_partner_id
