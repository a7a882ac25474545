import datetime
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestMarketingTour(HttpCase):
    """The marketer's journey of the issue, across the suite: a segment on a
    custom field and the card summaries, a mailing to it and a three-step
    welcome sequence."""

    def setUp(self):
        super().setUp()
        rank = self.env.ref("crm_smart_data.smart_field_demo_member_rank", raise_if_not_found=False)
        if not rank:
            # without demo data: the same 会員ランク field
            rank = self.env["smart.field"].create({
                "label": "会員ランク", "name": "x_member_rank", "field_type": "selection", "indexed": True,
                "choice_ids": [Command.create({"label": label, "value": value, "sequence": index})
                               for index, (value, label) in enumerate([("silver", "シルバー"), ("gold", "ゴールド")])],
            })
        gold, silver = (rank.choice_ids.filtered(lambda c, v=value: c.value == v) for value in ("gold", "silver"))
        self.marketer = new_test_user(self.env, login="tour_marketer", name="Marketer Ueda", lang="ja_JP",
                                      email="marketer@example.jp",
                                      groups="crm_smart_base.group_smart_marketer,base.group_no_one")
        self.env["res.lang"]._activate_lang("ja_JP")
        Partner = self.env["res.partner"]
        self.dormant = Partner.create({"name": "休眠 金子", "email": "kaneko@example.jp", "x_member_rank": gold.id})
        self.dormant_no_consent = Partner.create({"name": "休眠 金田", "email": "kaneda@example.jp",
                                                  "x_member_rank": gold.id})
        recent = Partner.create({"name": "来店 金沢", "email": "kanazawa@example.jp", "x_member_rank": gold.id})
        silver_dormant = Partner.create({"name": "休眠 銀田", "email": "ginda@example.jp",
                                         "x_member_rank": silver.id})
        poor = Partner.create({"name": "少額 金森", "email": "kanamori@example.jp", "x_member_rank": gold.id})
        self.others = recent | silver_dormant | poor
        self.env["smart.consent"]._record(self.dormant | self.others, "given", "counter",
                                          wording="店舗からのお知らせメールを受け取ります。")
        program = self.env["valuecard.program"].create({"name": "ツアー カード", "number_prefix": "TM"})
        for index, (partner, amount) in enumerate(((self.dormant, 6000), (self.dormant_no_consent, 5000),
                                                   (recent, 6000), (silver_dormant, 6000), (poor, 1000))):
            card = self.env["valuecard.card"].create({"program_id": program.id, "partner_id": partner.id})
            card.charge(amount=amount, reference=f"TOUR-MK-{index}")
        self.env.flush_all()
        # no card use for 90 days; the demo customers (and anyone else) used their cards today,
        # so that the segment holds exactly the two dormant gold members above
        long_ago = fields.Datetime.now() - datetime.timedelta(days=90)
        self.env.cr.execute(SQL(
            "UPDATE res_partner SET valuecard_last_use = CASE WHEN id = ANY(%s) THEN %s ELSE now() AT TIME ZONE 'UTC' "
            "END WHERE valuecard_last_use IS NOT NULL OR id = ANY(%s)",
            [self.dormant.id, self.dormant_no_consent.id, silver_dormant.id, poor.id], long_ago,
            [self.dormant.id, self.dormant_no_consent.id, silver_dormant.id, poor.id]))
        self.env["res.partner"].invalidate_model()

    def test_marketer_segment_mailing_and_welcome_sequence(self):
        self.start_tour("/odoo?debug=1", "crm_smart_marketing_tour", login=self.marketer.login)
        segment = self.env["smart.segment"].search([("name", "=", "休眠ゴールド会員")])
        self.assertEqual(segment.user_id, self.marketer)
        members = self.env["res.partner"].search(segment.with_user(self.marketer)._get_partner_domain())
        self.assertEqual(members, self.dormant | self.dormant_no_consent)
        # the mailing goes to the list's only member who consented
        mailing = self.env["mailing.mailing"].search([("subject", "=", "ゴールド会員さまへ 特別なご案内")])
        self.assertEqual(mailing.state, "in_queue")
        self.assertEqual(mailing.contact_list_ids.smart_segment_id, segment)
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id),
                                                   ("trace_status", "!=", "cancel")])
        self.assertEqual(self.env["mailing.contact"].browse(traces.mapped("res_id")).smart_partner_id, self.dormant)
        # the welcome sequence enrols the segment and mails its first step to the one who consented
        sequence = self.env["smart.step.sequence"].search([("name", "=", "休眠ゴールド会員 ウェルカム")])
        self.assertEqual(sequence.state, "running")
        self.assertEqual(sequence.segment_id, segment)
        self.assertEqual(sequence.step_ids.mapped("name"), ["ようこそ", "3日後のご案内", "10日後のクーポン"])
        self.assertEqual(sequence.step_ids.mapped("wait_days"), [0, 3, 7])
        self.assertEqual(sequence.enrolment_ids.partner_id, self.dormant | self.dormant_no_consent)
        self.env["smart.step.enrolment"]._process_due(100)
        first = sequence.step_ids[0].mailing_id
        sent = self.env["mailing.trace"].search([("mass_mailing_id", "=", first.id)])
        self.assertEqual(self.env["res.partner"].browse(sent.mapped("res_id")), self.dormant)
