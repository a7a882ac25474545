import base64
import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common_data import SmartDataCase


@tagged("at_install", "-post_install")
class TestSmartDataChecks(SmartDataCase):
    """Uploads, imports and API writes check what the form checks: the company
    of a database record, the choices of a field, the columns a record needs
    and dates that exist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.database = cls.create_database("会員名簿（検査）", partner_link=True)
        # two fields whose choices share labels: シルバー会員 is a choice of both
        cls.partner_rank = cls.add_field("顧客ランク検査", "selection", choices=["ゴールド会員", "シルバー会員"])
        cls.rank = cls.add_field("会員ランク", "selection", cls.database, choices=["シルバー会員", "ブロンズ会員"])
        cls.tags = cls.add_field("特典", "tags", cls.database, choices=["ゴールド会員"])
        cls.phone = cls.add_field("電話", "phone", cls.database)
        cls.seats = cls.add_field("人数", "integer", cls.database)
        cls.day = cls.add_field("入会日", "date", cls.database)

    @property
    def Model(self):
        return self.env[self.database.model]

    def upload(self, rows, mode="all"):
        return self.io.import_file(self.database.model, base64.b64encode(self.xlsx(rows)), "members.xlsx", mode=mode)

    # ------------------------------------------------------------------
    # company
    # ------------------------------------------------------------------

    def test_uploaded_records_belong_to_the_current_company(self):
        other = self.env["res.company"].create({"name": "大阪支店"})
        both = new_test_user(self.env, login="smart_both_companies", groups="crm_smart_base.group_smart_manager",
                             company_id=other.id, company_ids=[Command.set([self.company.id, other.id])])
        only_main = new_test_user(self.env, login="smart_main_company", groups="crm_smart_base.group_smart_user",
                                  company_id=self.company.id, company_ids=[Command.set([self.company.id])])
        io = self.io.with_user(both).with_company(other)
        result = io.import_file(self.database.model, base64.b64encode(self.xlsx([["Name"], ["大阪 一郎"]])),
                                "members.xlsx")
        self.assertEqual((result["created"], result["errors"]), (1, []))
        record = self.Model.search([("x_name", "=", "大阪 一郎")])
        self.assertEqual(record.x_company_id, other, "as the form proposes: the company the user works in")
        # the database's company rule hides it from the users of the other company
        self.assertFalse(self.Model.with_user(only_main).search_count([("x_name", "=", "大阪 一郎")]))
        self.assertEqual(self.Model.with_user(both).with_company(other).search([("x_name", "=", "大阪 一郎")]),
                         record)
        # the API and the ORM paths of an upload (an update by key) agree
        created = self.Model.with_user(both).with_company(other).create({"x_name": "API 花子"})
        self.assertEqual(created.x_company_id, other)

    # ------------------------------------------------------------------
    # choices of a field
    # ------------------------------------------------------------------

    def test_upload_keeps_each_field_to_its_own_choices(self):
        result = self.upload([["Name", "会員ランク", "特典"], ["山田", "シルバー会員", "ゴールド会員"],
                              ["鈴木", "ゴールド会員", ""]], mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (1, 1))
        record = self.Model.search([("x_name", "=", "山田")])
        self.assertEqual(record[self.rank.name], self.rank.choice_ids[0], "the database field's own シルバー会員")
        self.assertEqual(record[self.tags.name], self.tags.choice_ids)
        self.assertEqual(result["errors"], [(3, "会員ランク", "“ゴールド会員” is not one of the choices of 会員ランク")])

    def test_api_writes_refuse_the_choice_of_another_field(self):
        foreign = self.partner_rank.choice_ids[0]
        with self.assertRaisesRegex(ValidationError, "“ゴールド会員” is not one of the choices of 会員ランク"):
            self.Model.create({"x_name": "API", self.rank.name: foreign.id})
        record = self.Model.create({"x_name": "API", self.rank.name: self.rank.choice_ids[0].id})
        with self.assertRaisesRegex(ValidationError, "is not one of the choices of 特典"):
            record.write({self.tags.name: [Command.set([foreign.id])]})
        with self.assertRaisesRegex(ValidationError, "is not one of the choices of 特典"):
            record.write({self.tags.name: [Command.link(foreign.id)]})
        with self.assertRaisesRegex(ValidationError, "“ブロンズ会員” is not one of the choices of 顧客ランク検査"):
            self.customer.write({self.partner_rank.name: self.rank.choice_ids[1].id})
        self.customer.write({self.partner_rank.name: self.partner_rank.choice_ids[1].id})
        self.assertEqual(self.customer[self.partner_rank.name].label, "シルバー会員")

    def test_odoo_import_and_name_search_keep_each_field_to_its_own_choices(self):
        result = self.Model.load(["x_name", self.rank.name], [["山田", "シルバー会員"]])
        self.assertFalse(result["messages"])
        self.assertEqual(self.Model.browse(result["ids"])[self.rank.name], self.rank.choice_ids[0])
        # (a load that fails resets the registry, which would drop this test's database: the
        # look-up is called as load calls it)
        converter = self.env["ir.fields.converter"]
        field = self.Model._fields[self.rank.name]
        with self.assertRaisesRegex(ValueError, "“ゴールド会員” is not one of the choices of %\\(field\\)s"):
            converter.db_id_for(self.Model, field, None, "ゴールド会員", None)
        self.assertEqual(converter.db_id_for(self.Model, field, None, "シルバー会員", None)[0],
                         self.rank.choice_ids[0].id)
        other = self.env["res.partner"]._fields[self.partner_rank.name]
        self.assertEqual(converter.db_id_for(self.env["res.partner"], other, None, "シルバー会員", None)[0],
                         self.partner_rank.choice_ids[1].id)
        # the many2one's domain restricts the choices a form offers
        domain = self.Model._fields[self.rank.name].domain
        found = self.env["smart.field.choice"].name_search("会員", domain=self.io._field_domain(
            self.Model._fields[self.rank.name]))
        self.assertIn(str(self.rank.id), str(domain))
        self.assertEqual({name for _id, name in found}, {"シルバー会員", "ブロンズ会員"})

    # ------------------------------------------------------------------
    # required columns of customers
    # ------------------------------------------------------------------

    def test_customer_upload_without_a_name_column_is_refused_before_writing(self):
        count = self.env["res.partner"].search_count([])
        content = base64.b64encode(self.xlsx([["Email"], ["naoto@example.jp"]]))
        with self.assertRaisesRegex(UserError, "Required fields have no column: Name"):
            self.io.import_file("res.partner", content, "customers.xlsx")
        content = base64.b64encode(self.xlsx([["Name", "Email"], ["", "naoto@example.jp"], ["川口", "k@example.jp"]]))
        result = self.io.import_file("res.partner", content, "customers.xlsx")
        self.assertEqual((result["created"], result["errors"]), (0, [(2, "Name", "a value is required")]))
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    # ------------------------------------------------------------------
    # values and messages
    # ------------------------------------------------------------------

    def test_era_dates_counter_words_and_messages_in_an_upload(self):
        result = self.upload([
            ["Name", "入会日", "人数", "電話"],
            ["A", "平成31年4月30日", "５人", "090-1234-5678"],
            ["B", "平成31年5月1日", "3回", "12"],
            ["C", "2024年2月30日", "5kg", "03-1234-5678"],
        ], mode="valid")
        self.assertEqual((result["created"], result["rejected_count"]), (1, 2))
        record = self.Model.search([("x_name", "=", "A")])
        self.assertEqual((record[self.day.name], record[self.seats.name]), (datetime.date(2019, 4, 30), 5))
        errors = {(row, column): message for row, column, message in result["errors"]}
        self.assertEqual(errors[3, "入会日"], "平成31年5月1日 is a date that does not exist: 平成 ended on "
                                            "平成31年4月30日 (2019-04-30); that day is 令和元年5月1日 (2019-05-01).")
        self.assertEqual(errors[3, "電話"], "“12” is not a valid phone number.", "the column is not named twice")
        self.assertEqual(errors[4, "入会日"], "2024年2月30日 is a date that does not exist")
        self.assertIn("not by “kg”", errors[4, "人数"])
        self.assertNotIn((3, "人数"), errors)

    def test_rows_are_named_by_sheet_row_and_data_row(self):
        self.assertEqual(self.io._row_label(5), "Row 5 (data row 4)")
        self.assertEqual(self.io._row_label(1), "Row 1")
        content = self.xlsx([["Name", "人数"], ["A", "1"], ["B", "abc"]])
        wizard = self.env["smart.import.wizard"].with_user(self.user_manager).create({
            "model_id": self.database.model_id.id, "file": base64.b64encode(content), "filename": "m.xlsx"})
        wizard.action_load()
        wizard.action_import()
        self.assertIn("Row 3 (data row 2)", wizard.error_html)
