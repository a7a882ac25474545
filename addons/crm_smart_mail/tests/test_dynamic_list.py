from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SmartMailCase


@tagged("post_install", "-at_install")
class TestDynamicList(SmartMailCase):

    def test_refresh_follows_the_customer_filter(self):
        mailing_list = self._dynamic_list()
        mailing_list.action_smart_refresh()
        self.assertEqual(self._members(mailing_list), self.consenting | self.no_consent)
        self.assertTrue(mailing_list.smart_refresh_date)
        # who leaves the filter leaves the list, who enters joins it
        self.consenting[0].category_id = False
        self.untagged.category_id = self.tag
        mailing_list.action_smart_refresh()
        self.assertEqual(self._members(mailing_list), self.consenting[1:] | self.no_consent | self.untagged)
        # one contact per customer, whatever the number of lists
        other_list = self._dynamic_list(name="別リスト")
        other_list.action_smart_refresh()
        contacts = self.env["mailing.contact"].search([("smart_partner_id", "=", self.untagged.id)])
        self.assertEqual(len(contacts), 1)
        self.assertEqual(contacts.email, "other@example.jp")

    def test_refresh_keeps_contact_in_step_with_customer(self):
        mailing_list = self._dynamic_list()
        mailing_list.action_smart_refresh()
        self.no_consent.write({"email": "renamed@example.jp", "name": "改名 顧客"})
        mailing_list.action_smart_refresh()
        contact = self.env["mailing.contact"].search([("smart_partner_id", "=", self.no_consent.id)])
        self.assertEqual((contact.email, contact.email_normalized, contact.name),
                         ("renamed@example.jp", "renamed@example.jp", "改名 顧客"))

    def test_opt_out_survives_leaving_and_reentering(self):
        mailing_list = self._dynamic_list()
        mailing_list.action_smart_refresh()
        subscription = self.env["mailing.subscription"].search([
            ("list_id", "=", mailing_list.id), ("contact_id.smart_partner_id", "=", self.consenting[0].id)])
        subscription.opt_out = True
        self.consenting[0].category_id = False
        mailing_list.action_smart_refresh()
        self.consenting[0].category_id = self.tag
        mailing_list.action_smart_refresh()
        subscription = self.env["mailing.subscription"].search([
            ("list_id", "=", mailing_list.id), ("contact_id.smart_partner_id", "=", self.consenting[0].id)])
        self.assertEqual(len(subscription), 1)
        self.assertTrue(subscription.opt_out)

    def test_refresh_before_send(self):
        """A customer who entered the filter after the last refresh is mailed; one who
        left is not."""
        mailing_list = self._dynamic_list()
        mailing_list.action_smart_refresh()
        late = self.env["res.partner"].create({"name": "新規 顧客", "email": "late@example.jp",
                                               "category_id": [self.tag.id]})
        self.env["smart.consent"]._record(late, "given", "form", wording="同意します")
        self.consenting[0].category_id = False
        mailing = self._mailing(mailing_list)
        mailing.action_send_mail()
        self.assertEqual(self._mailed_partners(mailing), self.consenting[1:] | late)

    def test_refresh_before_queued_send(self):
        mailing_list = self._dynamic_list()
        mailing = self._mailing(mailing_list)
        mailing.with_user(self.user_marketer).action_launch()
        late = self.env["res.partner"].create({"name": "新規 顧客", "email": "late@example.jp",
                                               "category_id": [self.tag.id]})
        self.env["smart.consent"]._record(late, "given", "form", wording="同意します")
        # the queue job commits between mailings: not inside a test
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1):
            self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(mailing.state, "done")
        self.assertEqual(self._mailed_partners(mailing), self.consenting | late)

    def test_freeze(self):
        mailing_list = self._dynamic_list()
        action = mailing_list.with_user(self.user_marketer).action_smart_freeze()
        frozen = self.env["mailing.list"].browse(action["res_id"])
        self.assertEqual(frozen.smart_frozen_from_id, mailing_list)
        self.assertTrue(frozen.smart_frozen_date)
        self.assertFalse(frozen.smart_dynamic)
        self.assertEqual(self._members(frozen), self.consenting | self.no_consent)
        # the dynamic list moves on, the frozen one does not
        self.untagged.category_id = self.tag
        (mailing_list | frozen)._smart_refresh()
        self.assertIn(self.untagged, self._members(mailing_list))
        self.assertNotIn(self.untagged, self._members(frozen))
        contact = self.env["mailing.contact"].search([("smart_partner_id", "=", self.untagged.id)])
        with self.assertRaisesRegex(UserError, "frozen"):
            self.env["mailing.subscription"].with_user(self.user_marketer).create(
                {"contact_id": contact.id, "list_id": frozen.id})
        with self.assertRaisesRegex(UserError, "frozen"):
            frozen.with_user(self.user_marketer).subscription_ids[:1].unlink()
        with self.assertRaises(UserError):
            frozen.with_user(self.user_marketer).smart_dynamic = True

    def test_invalid_filter(self):
        with self.assertRaises(ValidationError):
            self._dynamic_list(smart_partner_domain="[('no_such_field', '=', 1)]")
        with self.assertRaises(ValidationError):
            self._dynamic_list(smart_partner_domain="[(")

    def test_filter_with_relative_dates(self):
        """A filter the domain editor saves with a date relative to today works as in segments."""
        recent = self._dynamic_list(smart_partner_domain=self.tag_domain[:-1]
                                    + ", ('create_date', '>=', context_today() - relativedelta(days=60))]")
        recent.action_smart_refresh()
        self.assertEqual(self._members(recent), self.consenting | self.no_consent)
        old = self._dynamic_list(name="古い顧客", smart_partner_domain=self.tag_domain[:-1]
                                 + ", ('create_date', '<', context_today() - relativedelta(days=60))]")
        old.action_smart_refresh()
        self.assertFalse(self._members(old))

    def test_segment_feeds_the_list(self):
        """A segment makes up the list; a filter set too narrows it; a broken
        segment refuses to refresh rather than mailing a wider list."""
        segment = self.env["smart.segment"].with_user(self.user_marketer).create({
            "name": "メルマガ対象セグメント", "domain": self.tag_domain,
            "exclude_segment_ids": [(0, 0, {"name": "除外", "domain": repr([("id", "=", self.no_consent.id)])})],
        })
        mailing_list = self._dynamic_list(smart_segment_id=segment.id, smart_partner_domain="[]")
        mailing_list.action_smart_refresh()
        self.assertEqual(self._members(mailing_list), self.consenting)
        # a customer entering the segment joins the list at the next refresh
        self.untagged.category_id = self.tag
        mailing_list.action_smart_refresh()
        self.assertEqual(self._members(mailing_list), self.consenting | self.untagged)
        # the list's own filter narrows the segment
        mailing_list.smart_partner_domain = repr([("id", "!=", self.untagged.id)])
        mailing_list.action_smart_refresh()
        self.assertEqual(self._members(mailing_list), self.consenting)
        segment.sudo().write({"state": "broken", "broken_reason": "削除された項目"})
        with self.assertRaisesRegex(UserError, "broken"):
            mailing_list.action_smart_refresh()
        self.assertEqual(self._members(mailing_list), self.consenting)
