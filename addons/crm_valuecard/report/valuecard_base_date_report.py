import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_smart_base.tools.xlsx_writer import XlsxWorkbook

#: 資金決済法 3条2項: the statutory base dates (month, day)
BASE_DATES = ((3, 31), (9, 30))
#: 資金決済法 14条1項 and its Cabinet Order (施行令 6条): unused balance above which an issuer
#: must lodge a deposit (and a 自家型 issuer must notify, 法5条1項)
STATUTORY_THRESHOLD = 10_000_000


class ValuecardBaseDateReport(models.AbstractModel):
    """Unused paid balance on a statutory base date (資金決済法 前払式支払手段).

    The balance is summed from the ledger as of the end of the base date in
    the company's time zone, so movements posted after it do not change the
    figures. Only paid value counts: bonus value, campaign grants and points
    are given without consideration (対価) and are no prepaid payment
    instrument under article 3 of the Act.

    The report works in the companies asked for, as if they were the ones
    chosen in the company switcher: Odoo refuses a company the user has no
    access to, and the ledger is read through the user's record rules.
    """

    _name = "valuecard.base.date.report"
    _description = "Value card unused paid balance on a statutory base date"

    @api.model
    def _check_base_date(self, base_date):
        base_date = fields.Date.to_date(base_date)
        if not base_date or (base_date.month, base_date.day) not in BASE_DATES:
            raise UserError(self.env._("A statutory base date is March 31 or September 30."))
        return base_date

    @api.model
    def _previous_base_date(self, base_date):
        if base_date.month == 3:
            return datetime.date(base_date.year - 1, 9, 30)
        return datetime.date(base_date.year, 3, 31)

    @api.model
    def _latest_base_date(self, today=None):
        """The most recent base date on or before ``today``."""
        today = today or fields.Date.context_today(self)
        candidates = [datetime.date(year, month, day) for year in (today.year - 1, today.year)
                      for month, day in BASE_DATES]
        return max(date for date in candidates if date <= today)

    @api.model
    def _deadline(self, base_date):
        """Two months after the base date: the notification (法5条1項), the report
        (法23条) and the deposit (法14条1項) are due by then."""
        return datetime.date(base_date.year, 5, 31) if base_date.month == 3 \
            else datetime.date(base_date.year, 11, 30)

    @api.model
    def _in_companies(self, companies):
        """The ``companies`` the report covers, in the environment that works in
        them: AccessError when the user may not work in one of them."""
        if not companies:
            return self.env["res.company"]
        return self.env(context=dict(self.env.context, allowed_company_ids=companies.ids)).companies

    @api.model
    def _cutoff(self, date, company):
        """The UTC instant at which ``date`` ends in the company's time zone."""
        tz = pytz.timezone(company._valuecard_tz())
        local = tz.localize(datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _get_program_lines(self, base_date, companies):
        """Per company and program: paid balance at the previous base date, paid value
        issued, used, expired and otherwise moved in the half year, and the unused
        paid balance at ``base_date``."""
        base_date = self._check_base_date(base_date)
        previous = self._previous_base_date(base_date)
        companies = self._in_companies(companies)
        Entry = companies.env["valuecard.entry"]
        Entry.check_access("read")
        Entry.flush_model()
        self.env["valuecard.card"].flush_model(["program_id"])
        lines = []
        for company in companies.sorted("name"):
            opening_at, closing_at = self._cutoff(previous, company), self._cutoff(base_date, company)
            # the paid-value entries up to the end of the base date that the user may read
            entries = Entry._search(
                [("company_id", "=", company.id), ("date", "<", closing_at), ("amount_paid", "!=", 0)])
            self.env.cr.execute(SQL(
                """
                WITH entry AS (%(entries)s),
                per_card AS (
                    SELECT entry.card_id,
                           SUM(entry.amount_paid) FILTER (WHERE entry.date < %(opening)s) AS opening,
                           SUM(entry.amount_paid) FILTER (
                               WHERE entry.date >= %(opening)s AND (entry.kind = 'charge'
                                     OR (entry.kind = 'refund' AND reversed.kind = 'charge'))) AS issued,
                           -SUM(entry.amount_paid) FILTER (
                               WHERE entry.date >= %(opening)s AND (entry.kind = 'payment'
                                     OR (entry.kind = 'refund' AND reversed.kind = 'payment'))) AS used,
                           -SUM(entry.amount_paid) FILTER (
                               WHERE entry.date >= %(opening)s AND entry.kind = 'expiry') AS expired,
                           SUM(entry.amount_paid) AS unused
                      FROM entry
                      LEFT JOIN valuecard_entry reversed ON reversed.id = entry.reversed_entry_id
                     GROUP BY entry.card_id
                )
                SELECT card.program_id,
                       COALESCE(SUM(per_card.opening), 0),
                       COALESCE(SUM(per_card.issued), 0),
                       COALESCE(SUM(per_card.used), 0),
                       COALESCE(SUM(per_card.expired), 0),
                       COALESCE(SUM(per_card.unused), 0),
                       COUNT(*) FILTER (WHERE per_card.unused > 0)
                  FROM per_card
                  JOIN valuecard_card card ON card.id = per_card.card_id
                 GROUP BY card.program_id
                """,
                entries=entries.select(*(SQL.identifier(entries.table, name) for name in (
                    "card_id", "date", "kind", "amount_paid", "reversed_entry_id"))),
                opening=opening_at,
            ))
            rows = self.env.cr.fetchall()
            programs = Entry.env["valuecard.program"].with_context(active_test=False).browse(
                [row[0] for row in rows])
            for program_id, opening, issued, used, expired, unused, cards in rows:
                program = programs.browse(program_id)
                lines.append({
                    "company": company,
                    "program": program,
                    "opening": int(opening),
                    "issued": int(issued),
                    "used": int(used),
                    "expired": int(expired),
                    "other": int(unused - opening - issued + used + expired),
                    "unused": int(unused),
                    "cards": cards,
                })
        return sorted(lines, key=lambda line: (line["company"].name, line["program"].name or ""))

    @api.model
    def _get_company_lines(self, base_date, companies, program_lines=None):
        """Per company: the unused paid balance against the statutory threshold and
        the minimum deposit (half the unused balance, 法14条1項) when above it."""
        base_date = self._check_base_date(base_date)
        if program_lines is None:
            program_lines = self._get_program_lines(base_date, companies)
        lines = []
        for company in self._in_companies(companies).sorted("name"):
            mine = [line for line in program_lines if line["company"] == company]
            unused = sum(line["unused"] for line in mine)
            exceeds = unused > STATUTORY_THRESHOLD
            lines.append({
                "company": company,
                "base_date": base_date,
                "unused": unused,
                "threshold": STATUTORY_THRESHOLD,
                "exceeds": exceeds,
                # at least half, rounded up to the yen
                "deposit": -(-unused // 2) if exceeds else 0,
                "deadline": self._deadline(base_date),
                "cards": sum(line["cards"] for line in mine),
            })
        return lines

    @api.model
    def _get_xlsx(self, base_date, companies):
        """The base-date report as a formatted workbook: a summary per company and
        the movements per program."""
        base_date = self._check_base_date(base_date)
        program_lines = self._get_program_lines(base_date, companies)
        company_lines = self._get_company_lines(base_date, companies, program_lines)
        workbook = XlsxWorkbook(formats={
            "title": {"bold": True, "font_size": 14},
            "note": {"italic": True, "font_color": "#555555"},
            "header": {"bold": True, "bg_color": "#1F6FB2", "font_color": "#FFFFFF", "border": 1,
                       "text_wrap": True, "valign": "vcenter", "align": "center"},
            "text": {"border": 1},
            "yen": {"num_format": '"¥"#,##0;[Red]-"¥"#,##0', "border": 1},
            "count": {"num_format": "#,##0", "border": 1},
            "date": {"num_format": "yyyy-mm-dd", "border": 1},
            "alert": {"bold": True, "font_color": "#C0392B", "border": 1},
        })
        title = self.env._("Unused paid balance on the base date %s", base_date.isoformat())
        notes = [
            self.env._("Payment Services Act (資金決済法), prepaid payment instruments: the unused balance on the "
              "base dates March 31 and September 30 (art. 3(2))."),
            self.env._("Above ¥10,000,000 an issuer for its own goods (自家型) notifies the Finance Bureau "
              "(art. 5(1)) and lodges a deposit of at least half of the unused balance (art. 14(1)) "
              "within two months of the base date."),
            self.env._("Only paid value counts; bonus value and points were given free of charge."),
        ]
        env = self.env
        self._write_sheet(workbook, env._("Summary"), title, notes, [
            (env._("Company"), 28, "text"), (env._("Base date"), 12, "date"),
            (env._("Unused paid balance"), 18, "yen"), (env._("Threshold"), 16, "yen"),
            (env._("Above threshold"), 12, "text"), (env._("Minimum deposit (half)"), 18, "yen"),
            (env._("Due by"), 12, "date"), (env._("Cards with unused value"), 14, "count"),
        ], [[line["company"].name, line["base_date"], line["unused"], line["threshold"],
             (env._("Yes"), "alert") if line["exceeds"] else env._("No"), line["deposit"], line["deadline"],
             line["cards"]] for line in company_lines])
        previous = self._previous_base_date(base_date).isoformat()
        self._write_sheet(workbook, env._("By program"), title, [
            env._("Movements of paid value from the previous base date %s.", previous),
            env._("Programs whose paid value is valid six months or less may be outside the Act (art. 4(2))."),
        ], [
            (env._("Company"), 28, "text"), (env._("Program"), 24, "text"),
            (env._("Balance at previous base date"), 18, "yen"), (env._("Issued"), 16, "yen"),
            (env._("Used"), 16, "yen"), (env._("Expired"), 16, "yen"), (env._("Other movements"), 16, "yen"),
            (env._("Unused paid balance"), 18, "yen"), (env._("Cards with unused value"), 14, "count"),
            (env._("Paid value valid for (months)"), 14, "count"),
        ], [[line["company"].name, line["program"].name or "", line["opening"], line["issued"],
             line["used"], line["expired"], line["other"], line["unused"], line["cards"],
             line["program"].paid_validity_months or (env._("No limit"), "text")]
            for line in program_lines])
        return workbook.close()

    def _write_sheet(self, workbook, name, title, notes, columns, rows):
        """A sheet with a title, notes, then a table of ``columns`` ((label, width,
        style)); a cell given as (value, style) overrides its column's style."""
        sheet = workbook.add_sheet(name)
        sheet.text(0, 0, title, "title", fit=False)
        for index, note in enumerate(notes, start=1):
            sheet.text(index, 0, note, "note", fit=False)
        header_row = len(notes) + 2
        for col, (_label, width, _style) in enumerate(columns):
            sheet.set_width(col, width)
        sheet.header([label for label, _width, _style in columns], row=header_row, freeze_cols=1, fit=False)
        sheet.sheet.set_row(header_row, 32)
        for row_index, row in enumerate(rows, start=header_row + 1):
            for col, value in enumerate(row):
                style = columns[col][2]
                if isinstance(value, tuple):
                    value, style = value
                sheet.value(row_index, col, value, style)
        return sheet
