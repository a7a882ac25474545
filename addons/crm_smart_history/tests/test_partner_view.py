import datetime

from odoo.tests import Form, tagged

from .common import SmartHistoryCase


@tagged("post_install", "-at_install")
class TestPartnerView(SmartHistoryCase):

    def test_counter_form_from_the_customer(self):
        action = self.customer.with_user(self.user_smart).action_record_smart_visit()
        self.assertEqual(action["context"], {"default_partner_id": self.customer.id})
        form = Form(self.Visit.with_user(self.user_smart).with_context(**action["context"]),
                    view="crm_smart_history.smart_visit_view_form_counter")
        form.amount = 2480
        form.store = "駅前店"
        visit = form.save()
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(self.customer.with_user(self.user_smart).smart_visit_count, 1)
        shown = self.customer.with_user(self.user_smart).action_view_smart_visits()
        self.assertEqual(self.Visit.search(shown["domain"]), visit)

    def test_timeline_merges_visits_and_messages(self):
        self.add_visits(self.customer, [(2, 1200)], store="本店")
        self.add_visits(self.customer, [(1, 0)], store="<b>駅前店</b>")
        self.customer.message_post(body="お電話で予約の確認", subject="予約確認", message_type="comment")
        self.customer.invalidate_recordset(["smart_timeline_html"])
        html = str(self.customer.with_user(self.user_smart).smart_timeline_html)
        # newest first: the message, the visit of yesterday, the one before
        self.assertLess(html.index("予約確認"), html.index("駅前店"))
        self.assertLess(html.index("駅前店"), html.index("本店"))
        self.assertIn("1,200", html)
        # user text is escaped
        self.assertIn("&lt;b&gt;駅前店&lt;/b&gt;", html)
        self.assertNotIn("<b>駅前店", html)

    def test_empty_timeline(self):
        partner = self.Partner.create({"name": "初来店 花子"})
        self.assertIn("Nothing has happened", str(partner.smart_timeline_html))

    def test_timeline_speaks_the_reader_s_language(self):
        """The timeline is made when it is read, in the reader's language, whoever
        recorded the visits and in whatever language; amounts as the screens show them."""
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"].search([("name", "=", "crm_smart_history")])._update_translations("ja_JP")
        self.env.company.currency_id = self.env.ref("base.JPY")
        expected = {
            "en_US": ("Visit", "Online Shop: ¥\u00a06,420 (reversed)", "本店: ¥\u00a01,280"),
            "ja_JP": ("来店", "ネットショップ: ¥\u00a06,420（取消）", "本店: ¥\u00a01,280"),
        }
        for recorder_lang, reader_lang in (("en_US", "ja_JP"), ("ja_JP", "en_US")):
            with self.subTest(recorded_in=recorder_lang, read_in=reader_lang):
                self.env["smart.visit"].search([("partner_id", "=", self.customer.id)]).sudo().unlink()
                counter = self.Visit.with_user(self.user_smart).with_context(lang=recorder_lang)
                counter.create({"partner_id": self.customer.id, "channel": "ec", "amount": 6420,
                                "date": self.now - datetime.timedelta(days=1)}).sudo().state = "reversed"
                counter.create({"partner_id": self.customer.id, "store": "本店", "amount": 1280})
                reader = self.customer.with_user(self.user_manager).with_context(lang=reader_lang)
                events = reader._smart_timeline_events(10)
                kind, reversed_title, title = expected[reader_lang]
                self.assertEqual([(event["kind"], event["title"]) for event in events],
                                 [(kind, title), (kind, reversed_title)])
                self.assertIn(reversed_title, str(reader.smart_timeline_html))
