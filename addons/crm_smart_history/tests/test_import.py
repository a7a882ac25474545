from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SmartHistoryCase


@tagged("post_install", "-at_install")
class TestImport(SmartHistoryCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create({"name": "佐々木 健", "ref": "C-0042"})

    def rows(self):
        return [
            {"partner_id": self.customer.id, "date": "2026-04-01 10:15:00", "amount": 3240, "store": "本店",
             "description": '煎茶 "特上" {100g}, NULL \\ 缶\n2個', "channel": "store", "external_ref": "POS-1"},
            {"partner_ref": "C-0042", "date": "2026-04-02T09:30:00+09:00", "amount": 5800.0, "channel": "ec",
             "external_ref": "EC-9"},
            {"partner_id": self.customer.id, "date": "2026-04-03 18:00:00", "external_ref": "POS-2"},
        ]

    def test_import_then_replay(self):
        Visit = self.Visit.with_user(self.user_manager)
        self.assertEqual(Visit.import_visits(self.rows()), {"created": 3, "replayed": 0})
        visits = self.Visit.search([], order="external_ref")
        self.assertRecordValues(visits, [
            {"external_ref": "EC-9", "partner_id": self.other.id, "amount": 5800, "channel": "ec", "source": "api",
             "store": False, "state": "done"},
            {"external_ref": "POS-1", "partner_id": self.customer.id, "amount": 3240, "channel": "store",
             "source": "api", "store": "本店", "state": "done"},
            {"external_ref": "POS-2", "partner_id": self.customer.id, "amount": 0, "channel": "store",
             "source": "api", "store": False, "state": "done"},
        ])
        self.assertEqual(str(visits[1].date), "2026-04-01 10:15:00")
        # a time with its offset is stored in UTC, as every Odoo date and time
        self.assertEqual(str(visits[0].date), "2026-04-02 00:30:00")
        # text arrives as it was sent, quotes, braces, commas, backslashes and line breaks included
        self.assertEqual(visits[1].description, '煎茶 "特上" {100g}, NULL \\ 缶\n2個')
        self.assertEqual(visits[1].create_uid, self.user_manager)
        # the same rows again, with one new: replayed, not duplicated
        rows = [*self.rows(), {"partner_id": self.other.id, "date": "2026-04-05", "amount": 100,
                               "external_ref": "POS-3"}]
        self.assertEqual(Visit.import_visits(rows, source="upload"), {"created": 1, "replayed": 3})
        self.assertEqual(self.Visit.search_count([]), 4)

    def test_bad_rows_write_nothing(self):
        Visit = self.Visit.with_user(self.user_manager)
        bad = [
            {"partner_id": self.customer.id, "date": "2026-04-01", "amount": -10, "external_ref": "A"},
            {"partner_id": 999999999, "date": "2026-04-01", "amount": 10, "external_ref": "B"},
            {"partner_id": self.customer.id, "date": "昨日", "amount": 10, "external_ref": "C"},
            {"partner_id": self.customer.id, "date": "2026-04-01", "amount": "10", "external_ref": "D"},
            {"partner_id": self.customer.id, "date": "2026-04-01", "amount": 10, "channel": "fax",
             "external_ref": "E"},
            {"partner_id": self.customer.id, "date": "2026-04-01", "amount": 10},
            {"partner_id": self.customer.id, "date": "2026-04-01", "amount": float("nan"), "external_ref": "G"},
            {"partner_id": self.customer.id, "date": "2026-04-01", "store": "本\x00店", "external_ref": "H"},
            {"partner_id": self.customer.id, "date": "2026-04-01", "store": 5, "external_ref": "I"},
        ]
        for row in bad:
            with self.subTest(row=row), self.assertRaises(UserError):
                Visit.import_visits([*self.rows(), row])
        with self.assertRaises(UserError) as caught:
            Visit.import_visits([*self.rows(), dict(self.rows()[0])])
        self.assertIn("Row 4", str(caught.exception))
        with self.assertRaises(UserError):
            Visit.import_visits({"rows": self.rows()})
        with self.assertRaises(UserError):
            Visit.import_visits(self.rows(), source="valuecard")
        self.assertEqual(self.Visit.search_count([]), 0)

    def test_import_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_smart).import_visits(self.rows())
        self.assertEqual(self.Visit.search_count([]), 0)

    def test_other_company_customer_refused(self):
        other_company = self.env["res.company"].create({"name": "別会社"})
        self.other.company_id = other_company
        with self.assertRaises(UserError):
            self.Visit.with_user(self.user_manager).import_visits(self.rows())
