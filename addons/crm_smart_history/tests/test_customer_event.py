from odoo.tests import tagged

from .common import SmartHistoryCase
from odoo.addons.crm_smart_base.tests.common import announced_customer_events


@tagged("post_install", "-at_install")
class TestFirstVisitEvent(SmartHistoryCase):
    """A customer's first visit ever is announced once (step mails start on it), from
    the counter as from a bulk import."""

    def test_first_visit_at_the_counter(self):
        regular = self.Partner.create({"name": "常連 一郎"})
        self.add_visits(regular, [(30, 1000)])
        newcomer = self.Partner.create({"name": "新規 二郎"})
        with announced_customer_events(self.env) as events:
            # two visits of the newcomer and one of the regular in one go: the newcomer, once
            self.Visit.with_user(self.user_smart).create([
                {"partner_id": newcomer.id, "amount": 500},
                {"partner_id": newcomer.id, "amount": 700},
                {"partner_id": regular.id, "amount": 900},
            ])
            self.Visit.with_user(self.user_smart).create({"partner_id": newcomer.id, "amount": 300})
        self.assertEqual([(event, partners) for event, partners in events], [("first_visit", newcomer)])

    def test_first_visits_of_an_import(self):
        regular = self.Partner.create({"name": "常連 一郎", "ref": "C-1"})
        self.add_visits(regular, [(30, 1000)])
        first = self.Partner.create({"name": "新規 二郎", "ref": "C-2"})
        second = self.Partner.create({"name": "新規 三郎", "ref": "C-3"})
        rows = [
            {"partner_ref": "C-1", "date": "2026-04-01 10:00:00", "amount": 100, "external_ref": "IMP-1"},
            {"partner_ref": "C-2", "date": "2026-04-01 11:00:00", "amount": 200, "external_ref": "IMP-2"},
            {"partner_id": first.id, "date": "2026-04-02 11:00:00", "amount": 300, "external_ref": "IMP-3"},
            {"partner_id": second.id, "date": "2026-04-03 11:00:00", "amount": 400, "external_ref": "IMP-4"},
        ]
        Visit = self.Visit.with_user(self.user_manager)
        with announced_customer_events(self.env) as events:
            Visit.import_visits(rows)
            # the same file again is replayed: nobody visits for the first time
            Visit.import_visits(rows)
        self.assertEqual(len(events), 1)
        event, partners = events[0]
        self.assertEqual((event, partners), ("first_visit", first | second))

    def test_replayed_row_of_another_customer_is_no_visit(self):
        self.Partner.create({"name": "常連 一郎", "ref": "C-1"})
        newcomer = self.Partner.create({"name": "新規 二郎", "ref": "C-2"})
        Visit = self.Visit.with_user(self.user_manager)
        Visit.import_visits([{"partner_ref": "C-1", "date": "2026-04-01 10:00:00", "external_ref": "IMP-1"}])
        with announced_customer_events(self.env) as events:
            # the reference is recorded already (for the regular): the newcomer gets no visit
            Visit.import_visits([{"partner_ref": "C-2", "date": "2026-04-01 10:00:00", "external_ref": "IMP-1"}])
        self.assertEqual(events, [])
        self.assertFalse(self.Visit.search_count([("partner_id", "=", newcomer.id)]))
