import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common_data import SmartDataCase


@tagged("at_install", "-post_install")
class TestSmartDatabase(SmartDataCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.database = cls.env["smart.database"].with_user(cls.user_admin).create({
            "name": "セミナー参加者", "partner_link": True, "chatter": True}).with_env(cls.env)
        Field = cls.env["smart.field"].with_user(cls.user_admin)
        cls.f_event = Field.create({"label": "イベント名", "field_type": "char", "model_id": cls.database.model_id.id})
        cls.f_seats = Field.create({"label": "人数", "field_type": "integer", "model_id": cls.database.model_id.id})
        cls.f_date = Field.create({"label": "参加日", "field_type": "date", "model_id": cls.database.model_id.id})
        cls.f_kind = Field.create({"label": "参加区分", "field_type": "selection", "model_id": cls.database.model_id.id,
                                   "choice_ids": [Command.create({"label": "一般"}), Command.create({"label": "招待"})]})

    @property
    def Model(self):
        return self.env[self.database.model]

    def arch(self, view_type, user=None):
        model = self.Model.with_user(user) if user else self.Model
        return model.get_views([(False, view_type)])["views"][view_type]["arch"]

    def test_database_owns_a_real_model_with_menu_action_and_views(self):
        database = self.database
        self.assertTrue(database.model.startswith("x_smart_db_"))
        self.assertEqual(database.model_id.name, "セミナー参加者")
        self.assertEqual(database.menu_id.parent_id, self.env.ref("crm_smart_data.menu_smart_databases"))
        self.assertEqual(database.action_id.res_model, database.model)
        self.assertIn("calendar", database.action_id.view_mode, "a date field gives a calendar")
        form = self.arch("form")
        for name in ("x_name", "x_partner_id", self.f_event.name, self.f_seats.name, self.f_kind.name):
            self.assertIn(f'name="{name}"', form)
        self.assertIn("chatter", form.lower())
        search = self.arch("search")
        self.assertIn(self.f_event.name, search, "the search box looks in every text field")
        for view_type in ("list", "kanban", "pivot", "graph", "calendar"):
            self.assertTrue(self.arch(view_type))
        self.assertIn(database.model, self.env["smart.data.io"]._allowed_models())

    def test_records_and_access_rights(self):
        record = self.Model.with_user(self.user_smart).create({
            "x_name": "山田 太郎", "x_partner_id": self.customer.id, self.f_seats.name: 2,
            self.f_kind.name: self.f_kind.choice_ids[0].id})
        self.assertEqual(record[self.f_seats.name], 2)
        with self.assertRaises(AccessError):
            record.with_user(self.user_smart).unlink()
        record.with_user(self.user_manager).unlink()
        with self.assertRaises(AccessError):
            self.Model.with_user(self.user_employee).search([])
        self.database.with_user(self.user_admin).read_group_ids = self.env.ref("crm_smart_base.group_smart_manager")
        with self.assertRaises(AccessError):
            self.Model.with_user(self.user_smart).search([])

    def test_partner_smart_button_counts_records(self):
        self.Model.create([{"x_name": f"参加者{i}", "x_partner_id": self.customer.id} for i in range(3)])
        field_name = f"x_smart_db_{self.database.id}_count"
        self.assertEqual(self.customer[field_name], 3)
        form = self.env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn(field_name, form)
        self.assertIn(str(self.database.action_id.id), form)

    def test_partner_smart_button_on_a_new_customer(self):
        """A customer form being filled in counts no records, without searching by a new id."""
        field_name = f"x_smart_db_{self.database.id}_count"
        with self.assertNoLogs("odoo.orm.domains", level="WARNING"):
            self.assertEqual(self.env["res.partner"].new({"name": "新規 顧客"})[field_name], 0)

    def test_only_administrators_define_databases_and_names_are_checked(self):
        with self.assertRaises(AccessError):
            self.env["smart.database"].with_user(self.user_manager).create({"name": "来店記録"})
        with self.assertRaises(ValidationError):
            self.env["smart.database"].create({"name": "セミナー参加者"})
        with self.assertRaises(ValidationError):
            self.env["smart.database"].create({"name": "  "})
        for name in ("セミナー\u200b参加者", "セミナー参加者\n", "\u202eセミナー参加者", "\u200b\u200c"):
            with self.subTest(name=name), self.assertRaises(ValidationError):
                self.env["smart.database"].create({"name": name})
        self.assertEqual(self.env["smart.database"].create({"name": "来店\r\n記録\u200b"}).name, "来店 記録")
        with self.assertRaises(ValidationError):
            self.env["smart.database"].create({"name": "機材", "icon": "<b>"})

    def test_archive_hides_the_menu(self):
        self.database.active = False
        self.assertFalse(self.database.menu_id.active)
        self.database.active = True
        self.assertTrue(self.database.menu_id.active)

    def test_upload_crosstab_and_draw_on_a_database(self):
        content = self.xlsx([
            ["Name", "イベント名", "人数", "参加日", "参加区分"],
            *[[f"参加者 {i}", "春のセミナー", i % 4 + 1, f"2026/4/{i % 28 + 1}", "一般" if i % 3 else "招待"]
              for i in range(30)],
        ])
        result = self.io.import_file(self.database.model, base64.b64encode(content), "attendees.xlsx")
        self.assertEqual((result["created"], result["errors"]), (30, []))
        data = self.io.crosstab(self.database.model, self.f_kind.name, self.f_event.name, "sum", self.f_seats.name)
        self.assertEqual(data["total"], sum(i % 4 + 1 for i in range(30)))
        draw = self.env["smart.draw"].create({"name": "抽選", "model_id": self.database.model_id.id,
                                              "winner_count": 5})
        draw.action_draw()
        self.assertEqual(len(draw.winner_ids), 5)

    def test_other_company_records_are_hidden(self):
        other = self.env["res.company"].create({"name": "別会社"})
        self.Model.create([{"x_name": "自社"}, {"x_name": "他社", "x_company_id": other.id}])
        visible = self.Model.with_user(self.user_smart).search([]).mapped("x_name")
        self.assertIn("自社", visible)
        self.assertNotIn("他社", visible)


@tagged("at_install", "-post_install")
class TestSmartDatabaseDelete(SmartDataCase):

    def test_delete_offers_export_and_asks_for_the_name(self):
        database = self.env["smart.database"].create({"name": "消えるデータベース", "partner_link": True})
        phone = self.add_field("連絡先", "phone", database)
        self.env[database.model].create(
            {"x_name": "消える人", "x_partner_id": self.customer.id, phone.name: "03-1234-5678"})
        model_name = database.model
        wizard = self.env["smart.database.delete.wizard"].with_user(self.user_admin).create(
            {"database_id": database.id})
        wizard.action_export()
        sheet = self.read_xlsx(base64.b64decode(wizard.file)).active
        self.assertIn("消える人", [cell.value for cell in sheet["A"]])
        # phone numbers as shown and as stored
        header, row = ([cell.value for cell in cells] for cells in sheet.iter_rows(max_row=2))
        self.assertEqual(row[header.index("連絡先"):header.index("連絡先 (E.164)") + 1],
                         ["03-1234-5678", "+81312345678"])
        wizard.confirmation = "違う名前"
        with self.assertRaises(UserError):
            wizard.action_delete()
        self.assertTrue(database.exists())
        wizard.confirmation = "消えるデータベース"
        wizard.action_delete()
        self.assertFalse(database.exists())
        self.assertFalse(self.env["ir.model"]._get(model_name))
