import base64
import io
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time as freeze
from odoo.tests import new_test_user, tagged

from .test_report_common import ValuecardReportCase

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None


@tagged("post_install", "-at_install")
class TestReportBaseDate(ValuecardReportCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env["valuecard.base.date.report"]
        cls.card = cls._card()
        with freeze("2025-03-01 01:00:00"):
            cls.card.charge(amount=20000, reference="BD-1")     # + bonus 1,000: not counted
        with freeze("2025-03-20 01:00:00"):
            cls.card.pay(amount=5000, reference="BD-2")         # 1,000 bonus + 4,000 paid
        with freeze("2025-03-31 14:30:00"):                     # 23:30 in Tokyo, still March 31
            cls.card.charge(amount=1000, reference="BD-3")
        with freeze("2025-03-31 15:30:00"):                     # 00:30 on April 1 in Tokyo
            cls.card.charge(amount=2000, reference="BD-4")
        with freeze("2025-04-10 01:00:00"):
            cls.card.pay(amount=10000, reference="BD-5")
            cls.card.earn_points(amount_spent=10000, reference="BD-6")

    def _line(self, base_date):
        [line] = [line for line in self.report._get_program_lines(base_date, self.company)
                  if line["program"] == self.program]
        return line

    def test_balance_as_of_the_base_date_ignores_later_movements(self):
        line = self._line(date(2025, 3, 31))
        self.assertEqual(line["unused"], 20000 - 4000 + 1000)
        self.assertEqual((line["opening"], line["issued"], line["used"], line["expired"], line["other"]),
                         (0, 21000, 4000, 0, 0))
        self.assertEqual(line["cards"], 1)
        # the current balance is different: later movements count now, not on the base date
        self.assertEqual(self.card.balance_paid, 20000 - 4000 + 1000 + 2000 - 10000)

    def test_next_base_date_starts_from_the_previous_one(self):
        line = self._line(date(2025, 9, 30))
        self.assertEqual((line["opening"], line["issued"], line["used"], line["unused"]),
                         (17000, 2000, 10000, 9000))
        self.assertEqual(self.report._get_program_lines(date(2024, 9, 30), self.company), [])

    def test_refunded_payment_restores_the_unused_balance(self):
        with freeze("2025-09-01 01:00:00"):
            self.card.refund(reference="BD-5")
        line = self._line(date(2025, 9, 30))
        self.assertEqual((line["used"], line["unused"]), (0, 19000))

    def test_threshold_and_deposit(self):
        big = self._card()
        with freeze("2025-09-01 01:00:00"):
            big.charge(amount=9_991_000, reference="BD-BIG")    # 9,000 + 9,991,000 = 10,000,000
        [line] = self.report._get_company_lines(date(2025, 9, 30), self.company)
        self.assertEqual(line["unused"], 10_000_000)
        self.assertFalse(line["exceeds"], "the Act counts balances above ¥10,000,000, not equal to it")
        self.assertEqual(line["deposit"], 0)
        with freeze("2025-09-30 14:00:00"):
            big.charge(amount=1, reference="BD-BIG-2")
        [line] = self.report._get_company_lines(date(2025, 9, 30), self.company)
        self.assertEqual(line["unused"], 10_000_001)
        self.assertTrue(line["exceeds"])
        self.assertEqual(line["deposit"], 5_000_001)
        self.assertEqual(line["deadline"], date(2025, 11, 30))

    def test_only_base_dates_are_accepted(self):
        with self.assertRaises(UserError):
            self.report._get_company_lines(date(2025, 6, 30), self.company)
        wizard = self.env["valuecard.base.date.wizard"].create({"year": 2025, "period": "03"})
        self.assertEqual(wizard.base_date, date(2025, 3, 31))

    def test_xlsx_download(self):
        self.assertTrue(openpyxl, "openpyxl is part of the development environment")
        wizard = self.env["valuecard.base.date.wizard"].with_user(self.manager).create(
            {"year": 2025, "period": "03", "company_ids": [(6, 0, self.company.ids)]})
        self.assertIn("17,000", wizard.summary_html)
        action = wizard.action_download()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(wizard.filename, "unused paid balance 2025-03-31.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(book.sheetnames, ["Summary", "By program"])
        summary = book["Summary"]
        header = [cell.value for cell in summary[6]]
        self.assertEqual(header[:6], ["Company", "Base date", "Unused paid balance", "Threshold",
                                      "Above threshold", "Minimum deposit (half)"])
        self.assertEqual(summary.freeze_panes, "B7")
        self.assertTrue(summary["A6"].font.b)
        row = [cell.value for cell in summary[7]]
        self.assertEqual(row[0], self.company.name)
        self.assertEqual(row[1].date(), date(2025, 3, 31))
        self.assertEqual(row[2:6], [17000, 10_000_000, "No", 0])
        self.assertEqual(row[6].date(), date(2025, 5, 31))
        self.assertIn("¥", summary["C7"].number_format)
        programs = book["By program"]
        self.assertEqual(programs.freeze_panes, "B6")
        self.assertEqual(programs["J5"].value, "Paid value valid for (months)")
        [data] = [[cell.value for cell in row] for row in programs.iter_rows(min_row=6)
                  if row[1].value == self.program.name]
        self.assertEqual(data[2:10], [0, 21000, 4000, 0, 0, 17000, 1, "No limit"])
        self.assertIn("¥", programs["C6"].number_format)

    def test_user_of_one_company_does_not_see_another_company(self):
        company_b = self.env["res.company"].create({"name": "支店 株式会社", "currency_id": self.env.ref("base.JPY").id})
        program_b = self.env["valuecard.program"].create(
            {"name": "支店カード", "number_prefix": "BR", "company_id": company_b.id})
        card_b = self._card(program_b)
        with freeze("2025-03-10 01:00:00"):
            card_b.charge(amount=50000, reference="BD-B1")
        [line_b] = self.report._get_company_lines(date(2025, 3, 31), company_b)
        self.assertEqual(line_b["unused"], 50000)
        report = self.report.with_user(self.manager)
        with self.assertRaises(AccessError):
            report._get_company_lines(date(2025, 3, 31), self.company | company_b)
        with self.assertRaises(AccessError):
            report._get_program_lines(date(2025, 3, 31), company_b)
        [line] = report._get_company_lines(date(2025, 3, 31), self.company)
        self.assertEqual((line["company"], line["unused"]), (self.company, 17000))
        # a user of both companies working in the first one only still picks the second
        self.manager.company_ids = [(4, company_b.id)]
        lines = report.with_context(allowed_company_ids=self.company.ids)._get_company_lines(
            date(2025, 3, 31), self.company | company_b)
        self.assertEqual({line["company"]: line["unused"] for line in lines},
                         {self.company: 17000, company_b: 50000})

    def test_figures_follow_the_record_rules(self):
        hidden = self.env["valuecard.program"].create(
            {"name": "Hidden card", "company_id": self.company.id, "number_prefix": "HD"})
        with freeze("2025-03-10 01:00:00"):
            self._card(hidden).charge(amount=3000, reference="BD-H1")
        self.env["ir.rule"].create({
            "name": "nobody sees the hidden program",
            "model_id": self.env.ref("crm_valuecard.model_valuecard_entry").id,
            "domain_force": f"[('card_id.program_id', '!=', {hidden.id})]",
        })
        [line] = self.report._get_company_lines(date(2025, 3, 31), self.company)
        self.assertEqual(line["unused"], 17000 + 3000)
        report = self.report.with_user(self.manager)
        [line] = report._get_company_lines(date(2025, 3, 31), self.company)
        self.assertEqual(line["unused"], 17000)
        self.assertNotIn(hidden, [line["program"] for line in report._get_program_lines(
            date(2025, 3, 31), self.company)])

    def test_base_date_report_is_for_managers(self):
        clerk = new_test_user(self.env, login="vc_report_clerk", groups="crm_smart_base.group_smart_user")
        Wizard = self.env["valuecard.base.date.wizard"].with_user(clerk)
        with self.assertRaises(AccessError):
            Wizard.create({"year": 2025, "period": "03"})

    def test_summary_in_japanese_explains_an_empty_report(self):
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"].search([("name", "=", "crm_valuecard")])._update_translations("ja_JP")
        Wizard = self.env["valuecard.base.date.wizard"].with_user(self.manager).with_context(lang="ja_JP")
        empty = Wizard.create({"year": 2019, "period": "03", "company_ids": [(6, 0, self.company.ids)]})
        self.assertIn("<th>会社</th>", empty.summary_html)
        self.assertIn("o_valuecard_base_date_empty", empty.summary_html)
        self.assertIn("未使用の有償バリューはありません", empty.summary_html)
        full = Wizard.create({"year": 2025, "period": "03", "company_ids": [(6, 0, self.company.ids)]})
        self.assertNotIn("o_valuecard_base_date_empty", full.summary_html)
        # the year is a plain year (2026), not a number with a thousands separator (2,026)
        arch = Wizard.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("'enable_formatting': false", arch)
