from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SmartHistoryCase


@tagged("post_install", "-at_install")
class TestVisit(SmartHistoryCase):

    def test_counter_visit_is_a_counter_visit(self):
        visit = self.Visit.with_user(self.user_smart).create({
            "partner_id": self.customer.id, "amount": 1500, "store": "本店",
            # what only the system may set is dropped from a user's form
            "source": "valuecard", "state": "reversed", "external_ref": "X-1",
        })
        self.assertRecordValues(visit, [{"source": "counter", "state": "done", "external_ref": False,
                                         "user_id": self.user_smart.id, "company_id": self.company.id,
                                         "channel": "store"}])

    def test_negative_amount_refused(self):
        with self.assertRaises(UserError):
            self.Visit.with_user(self.user_smart).create({"partner_id": self.customer.id, "amount": -1})
        visit = self.Visit.create({"partner_id": self.customer.id, "amount": 10})
        with self.assertRaises(UserError):
            visit.write({"amount": -5})
        # the database says the same to SQL writers
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.cr.execute("UPDATE smart_visit SET amount = -1 WHERE id = %s", [visit.id])
        self.assertEqual(visit.amount, 10)

    def test_workflow_fields_not_writable(self):
        visit = self.Visit.with_user(self.user_manager).create({"partner_id": self.customer.id, "amount": 800})
        for vals in ({"state": "reversed"}, {"source": "api"}, {"external_ref": "POS-1"}):
            with self.assertRaises(UserError):
                visit.with_user(self.user_manager).write(vals)
        self.assertEqual(visit.state, "done")

    def test_users_record_but_do_not_change_visits(self):
        visit = self.Visit.with_user(self.user_smart).create({"partner_id": self.customer.id, "amount": 800})
        with self.assertRaises(AccessError):
            visit.with_user(self.user_smart).write({"amount": 900})
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_employee).create({"partner_id": self.customer.id})

    def test_other_company_visits_hidden(self):
        other = self.env["res.company"].create({"name": "別会社"})
        self.Visit.sudo().create({"partner_id": self.customer.id, "amount": 100, "company_id": other.id})
        self.assertFalse(self.Visit.with_user(self.user_manager).search([("company_id", "=", other.id)]))
