from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tests import TransactionCase, tagged

from ..tools.domain import parse_domain


@tagged("post_install", "-at_install")
class TestParseDomain(TransactionCase):

    def test_relative_dates_as_the_domain_editor_writes_them(self):
        domain = parse_domain(self.env, "[('create_date', '>=', context_today() - relativedelta(days=60))]")
        condition = next(domain.iter_conditions())
        self.assertEqual(condition.value, fields.Date.context_today(self.env.user) - relativedelta(days=60))
        self.assertEqual(parse_domain(self.env, "[('user_id', '=', uid)]"), Domain("user_id", "=", self.env.uid))

    def test_empty_filter_is_every_record(self):
        self.assertEqual(parse_domain(self.env, ""), Domain.TRUE)
        self.assertEqual(parse_domain(self.env, False), Domain.TRUE)

    def test_refusals(self):
        with self.assertRaises(UserError):
            parse_domain(self.env, "42")
        with self.assertRaises(NameError):
            parse_domain(self.env, "[('name', '=', __import__('os').getcwd())]")
        with self.assertRaises(SyntaxError):
            parse_domain(self.env, "[('name', '=',")
