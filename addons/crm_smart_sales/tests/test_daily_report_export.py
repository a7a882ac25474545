import base64
import datetime
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_reports import SmartReportCase


@tagged("post_install", "-at_install")
class TestDailyReportExport(SmartReportCase):

    def test_xlsx_period(self):
        self._report(self.rep, "2026-11-02", lines=[{
            "kind": "visit", "partner_id": self.customer.id, "lead_id": self.lead.id,
            "start": "2026-11-02 01:00:00", "end": "2026-11-02 02:30:00", "purpose": "Tasting",
            "next_step": "Send quote", "next_step_date": "2026-11-05",
        }])
        self._report(self.rep, "2026-10-31", lines=[{"kind": "call", "partner_id": self.customer.id,
                                                    "purpose": "Before the period"}])
        self._report(self.rep_other, "2026-11-03", lines=[{"kind": "call", "partner_id": self.customer.id,
                                                          "purpose": "Other team"}])
        wizard = self.env["smart.daily.report.export.wizard"].with_user(self.user_manager).create({
            "date_from": "2026-11-01", "date_to": "2026-11-30", "team_id": self.team.id,
        })
        action = wizard.action_download()
        download = self.env["smart.file.download"].search([], order="id desc", limit=1)
        self.assertIn(str(download.id), action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(download.file)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 2, "the header and the one line of the team in the period")
        header, row = rows
        values = dict(zip(header, row, strict=True))
        self.assertEqual(values["Date"], datetime.datetime(2026, 11, 2))
        self.assertEqual(values["Sales Rep"], "Rep Ito")
        self.assertEqual(values["Customer"], "テスト 顧客")
        self.assertEqual(values["Kind"], "Visit")
        self.assertEqual(values["Duration"], 1.5)
        self.assertEqual(values["Purpose"], "Tasting")
        self.assertEqual(values["Next Step Date"], datetime.datetime(2026, 11, 5))

    def test_xlsx_respects_access(self):
        self._report(self.rep_other, "2026-11-03", lines=[{"kind": "call", "partner_id": self.customer.id}])
        wizard = self.env["smart.daily.report.export.wizard"].with_user(self.rep).create({
            "date_from": "2026-11-01", "date_to": "2026-11-30",
        })
        rows = list(openpyxl.load_workbook(io.BytesIO(wizard._xlsx_content())).active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 1, "a rep downloads only their own lines")

    def test_bad_period(self):
        with self.assertRaisesRegex(UserError, "period"):
            self.env["smart.daily.report.export.wizard"].create({"date_from": "2026-11-30",
                                                                 "date_to": "2026-11-01"})
