from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SmartFieldCase

SAMPLES = {
    "char": ("Aoyama", "Aoyama"),
    "text": ("line 1\nline 2", "line 1\nline 2"),
    "integer": (42, 42),
    "float": (3.5, 3.5),
    "monetary": (1500, 1500.0),
    "boolean": (True, True),
    "email": (" Hanako@Example.JP ", "hanako@example.jp"),
    "phone": ("090-1234-5678", "+819012345678"),
    "url": ("https://example.jp", "https://example.jp"),
}


@tagged("post_install", "-at_install")
class TestSmartField(SmartFieldCase):

    def test_every_type_is_a_stored_odoo_field(self):
        expected_ttype = {
            "char": "char", "text": "text", "integer": "integer", "float": "float", "monetary": "monetary",
            "date": "date", "datetime": "datetime", "boolean": "boolean", "selection": "many2one",
            "tags": "many2many", "email": "char", "phone": "char", "url": "char", "binary": "binary",
            "image": "binary", "partner": "many2one", "record": "many2one",
        }
        created = {}
        for index, field_type in enumerate(expected_ttype):
            vals = {}
            if field_type in ("selection", "tags"):
                vals["choices"] = ["A", "B"]
            if field_type == "record":
                vals["target_model_id"] = self.env["ir.model"]._get("res.partner.category").id
            created[field_type] = self.create_field(f"Custom {index} {field_type}", field_type, **vals)
        for field_type, smart_field in created.items():
            with self.subTest(field_type=field_type):
                self.assertTrue(smart_field.name.startswith("x_"))
                self.assertEqual(smart_field.sudo().field_id.ttype, expected_ttype[field_type])
                self.assertEqual(smart_field.sudo().field_id.state, "manual")
                field = self.Partner._fields[smart_field.name]
                self.assertTrue(field.store)
                self.assertEqual(field.string, smart_field.label)
        values = {created[t].name: sample for t, (sample, _stored) in SAMPLES.items()}
        choice = created["selection"].choice_ids[0]
        tags = created["tags"].choice_ids
        category = self.env["res.partner.category"].create({"name": "Linked"})
        values.update({
            created["date"].name: "2026-04-01",
            created["datetime"].name: "2026-04-01 10:30:00",
            created["selection"].name: choice.id,
            created["tags"].name: [(6, 0, tags.ids)],
            created["binary"].name: "aGVsbG8=",
            created["image"].name: "R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=",
            created["partner"].name: self.customer.id,
            created["record"].name: category.id,
        })
        partner = self.Partner.create({"name": "全項目 テスト", **values})
        partner.invalidate_recordset()
        for field_type, (_sample, stored) in SAMPLES.items():
            self.assertEqual(partner[created[field_type].name], stored, field_type)
        self.assertEqual(str(partner[created["date"].name]), "2026-04-01")
        self.assertEqual(partner[created["selection"].name], choice)
        self.assertEqual(partner[created["tags"].name], tags)
        self.assertEqual(partner[created["partner"].name], self.customer)
        self.assertEqual(partner[created["record"].name], category)
        self.assertTrue(partner[created["binary"].name])
        self.assertEqual(partner.smart_currency_id, self.env.company.currency_id)

    def test_money_uses_company_currency(self):
        money = self.create_field("Deposit", "monetary")
        self.assertEqual(money.sudo().field_id.currency_field, "smart_currency_id")
        self.assertEqual(self.Partner._fields[money.name].get_currency_field(self.Partner), "smart_currency_id")
        self.assertEqual(self.customer.smart_currency_id, self.env.company.currency_id)

    def test_names_are_safe_and_unique(self):
        japanese = self.create_field("来店の理由")
        self.assertEqual(japanese.name, f"x_field_{japanese.id}")
        quoted = self.create_field("Customer's \"Rank\"; DROP TABLE res_partner")
        self.assertEqual(quoted.name, "x_customer_s_rank_drop_table_r")
        sql_word = self.create_field("select")
        self.assertEqual(sql_word.name, "x_select")
        twin = self.create_field("Select!")
        self.assertEqual(twin.name, "x_select_2")
        spaces = self.create_field("  favourite   menu  ")
        self.assertEqual((spaces.label, spaces.name), ("favourite menu", "x_favourite_menu"))
        mixed = self.create_field("会員 Rank")
        self.assertEqual(mixed.name, "x_rank")
        for smart_field in (japanese, quoted, sql_word, twin, spaces, mixed):
            self.assertIn(smart_field.name, self.Partner._fields)
        # the technical name never changes, even when the label does
        mixed.label = "Membership"
        self.assertEqual(mixed.name, "x_rank")
        with self.assertRaises(ValidationError):
            self.create_field("Stable", name="x_rank")

    def test_kana_labels_get_readable_names_and_names_can_be_given(self):
        """All-Japanese labels: kana read in Latin letters, kanji numbered unless the administrator names
        the field at creation (validated)."""
        self.assertEqual(self.create_field("ポイント").name, "x_pointo")
        self.assertEqual(self.create_field("メールマガジン").name, "x_merumagajin")
        self.assertEqual(self.create_field("しゅみ").name, "x_shumi")
        kanji = self.create_field("来店のきっかけ")
        self.assertEqual(kanji.name, f"x_field_{kanji.id}")
        named = self.create_field("ご来店の理由", name="x_reason_for_visit")
        self.assertEqual(named.name, "x_reason_for_visit")
        self.assertIn("x_reason_for_visit", self.Partner._fields)
        for index, bad in enumerate(("visit_reason", "x_Visit", "x_来店", "x_" + "a" * 70)):
            with self.assertRaises(ValidationError):
                self.create_field(f"来店{index}", name=bad)
        with self.assertRaises(ValidationError):
            self.create_field("Stable", name="name")
        self.assertEqual(self.create_field("Stable", name="x_stable").name, "x_stable")

    def test_generated_form_list_and_search(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"], section="Membership",
                                 sequence=20)
        since = self.create_field("Member Since", "date", section="Membership", sequence=10)
        note = self.create_field("Note", "text", sequence=5)
        newsletter = self.create_field("Wants Newsletter", "boolean", sequence=30)
        form = etree.fromstring(self.Partner.get_view(self.env.ref("base.view_partner_form").id)["arch"])
        page = form.find(".//page[@name='smart_fields']")
        self.assertIsNotNone(page)
        self.assertEqual(page.get("string"), "Smart CRM")
        membership = page.find("group[@string='Membership']")
        self.assertEqual([f.get("name") for f in membership.iter("field")], [since.name, rank.name])
        [unnamed] = [group for group in page.findall("group") if not group.get("string")]
        self.assertEqual([f.get("name") for f in unnamed.iter("field")], [note.name, newsletter.name])

        listing = etree.fromstring(self.Partner.get_view(self.env.ref("base.view_partner_tree").id)["arch"])
        column = listing.find(f".//field[@name='{rank.name}']")
        self.assertEqual(column.get("optional"), "hide")

        search = etree.fromstring(self.Partner.get_view(
            self.env.ref("base.view_res_partner_filter").id, "search")["arch"])
        self.assertIsNotNone(search.find(f".//field[@name='{note.name}']"))
        boolean_filter = search.find(f".//filter[@name='smart_filter_{newsletter.name}']")
        self.assertEqual(boolean_filter.get("domain"), repr([(newsletter.name, "=", True)]))
        self.assertEqual(search.find(f".//filter[@name='smart_filter_{since.name}']").get("date"), since.name)
        group_by = search.find(f".//filter[@name='smart_group_by_{rank.name}']")
        self.assertIn(rank.name, group_by.get("context"))
        self.assertIn(f"{since.name}:month", search.find(f".//filter[@name='smart_group_by_{since.name}']")
                      .get("context"))
        # a single choice field has a filter per choice, like Odoo's own selection fields
        gold, silver = rank.choice_ids
        self.assertEqual(
            [(f.get("string"), f.get("domain")) for f in search.iter("filter")
             if f.get("name", "").startswith(f"smart_filter_{rank.name}_")],
            [("Gold", repr([(rank.name, "=", gold.id)])), ("Silver", repr([(rank.name, "=", silver.id)]))])
        rank.write({"choice_ids": [Command.create({"label": "Bronze", "sequence": 5})]})
        search = etree.fromstring(self.Partner.get_view(
            self.env.ref("base.view_res_partner_filter").id, "search")["arch"])
        self.assertEqual([f.get("string") for f in search.iter("filter")
                          if f.get("name", "").startswith(f"smart_filter_{rank.name}_")], ["Gold", "Silver", "Bronze"])

        # reordering moves the field on the form at once
        rank.sequence = 1
        form = etree.fromstring(self.Partner.get_view(self.env.ref("base.view_partner_form").id)["arch"])
        section = form.find(".//page[@name='smart_fields']/group[@string='Membership']")
        self.assertEqual([f.get("name") for f in section.iter("field")], [rank.name, since.name])

        # a deleted field leaves the generated views
        names = [rank.name, since.name, note.name, newsletter.name]
        (rank | since | note | newsletter).unlink()
        for view_type in ("form", "list", "search"):
            view = self.env.ref(f"crm_smart_data.smart_field_view_res_partner_{view_type}", raise_if_not_found=False)
            for name in names:
                self.assertNotIn(name, view.arch_db if view else "")

    def test_real_field_everywhere(self):
        """Export, import, group-by and pivot data see the field."""
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"])
        visits = self.create_field("Visits", "integer")
        gold, silver = rank.choice_ids
        self.customer.write({rank.name: gold.id, visits.name: 3})
        other = self.Partner.create({"name": "佐藤 次郎", rank.name: silver.id, visits.name: 5})

        description = self.Partner.fields_get([rank.name, visits.name])
        self.assertEqual(description[rank.name]["relation"], "smart.field.choice")
        self.assertTrue(description[visits.name]["sortable"])
        exported = (self.customer | other).export_data(["name", rank.name, visits.name])["datas"]
        self.assertEqual(exported, [["テスト 顧客", "Gold", 3], ["佐藤 次郎", "Silver", 5]])

        result = self.Partner.load(["name", rank.name, visits.name], [["山本 三郎", "Silver", "7"]])
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Partner.browse(result["ids"])
        self.assertEqual((imported[rank.name], imported[visits.name]), (silver, 7))

        groups = self.Partner._read_group([(rank.name, "!=", False)], [rank.name], ["__count", f"{visits.name}:sum"])
        self.assertEqual(groups, [(gold, 1, 3), (silver, 2, 12)])

    def test_indexed_field_has_database_index(self):
        code = self.create_field("Member Code", indexed=True)
        plain = self.create_field("Nickname")

        def indexed(name):
            self.env.cr.execute(SQL(
                "SELECT count(*) FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef LIKE %s",
                f"%({name})%"))
            return self.env.cr.fetchone()[0]
        self.assertEqual(indexed(code.name), 1)
        self.assertEqual(indexed(plain.name), 0)
        plain.indexed = True
        self.assertEqual(indexed(plain.name), 1)

    def test_relabel_keeps_data(self):
        nickname = self.create_field("Nickname", help="What friends say")
        self.customer[nickname.name] = "Hana"
        nickname.write({"label": "Call Name", "help": "How to address", "section": "Profile"})
        self.assertEqual(self.Partner._fields[nickname.name].string, "Call Name")
        self.assertEqual(self.Partner.fields_get([nickname.name])[nickname.name]["help"], "How to address")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[nickname.name], "Hana")

    def test_preview_renders_the_type(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"], required=True,
                                 default_value="Gold", help="<b>bold</b>")
        self.assertIn("Gold", rank.preview)
        self.assertIn("Rank *", rank.preview)
        self.assertNotIn("<b>bold</b>", rank.preview)
        flag = self.create_field("VIP", "boolean", default_value="yes")
        self.assertIn("☑", flag.preview)

    def test_import_dialog_pivot_and_graph_offer_the_field(self):
        visits = self.create_field("Visits", "integer")
        since = self.create_field("Member Since", "date")
        tree = self.env["base_import.import"].get_fields_tree("res.partner")
        self.assertIn(visits.name, [field["name"] for field in tree])
        description = self.Partner.fields_get([visits.name, since.name], ["aggregator", "store", "sortable"])
        self.assertEqual(description[visits.name]["aggregator"], "sum", "offered as a pivot/graph measure")
        self.assertTrue(description[since.name]["store"] and description[since.name]["sortable"])
        action = self.env.ref("crm_smart_base.res_partner_action_customers")
        self.assertTrue({"pivot", "graph"} <= set(action.view_mode.split(",")))
        self.customer.write({since.name: "2025-03-01", visits.name: 3})
        self.Partner.create([{"name": "二人目", since.name: "2025-07-01", visits.name: 4},
                             {"name": "三人目", since.name: "2026-01-10", visits.name: 5}])
        groups = self.Partner._read_group([(since.name, "!=", False)], [f"{since.name}:year"],
                                          [f"{visits.name}:sum"])
        self.assertEqual([(str(year.year), total) for year, total in groups], [("2025", 7), ("2026", 5)])

    def test_demo_fields_are_japanese_and_filled(self):
        rank = self.env.ref("crm_smart_data.smart_field_demo_member_rank")
        self.assertEqual(rank.choice_ids.mapped("label"), ["ブロンズ", "シルバー", "ゴールド"])
        suzuki = self.env.ref("crm_smart_base.res_partner_demo_suzuki")
        self.assertEqual(suzuki.x_member_rank.label, "ゴールド")
        self.assertEqual(suzuki.x_visit_reason.label, "紹介")
        self.assertEqual(suzuki.x_favorite_menu.mapped("label"), ["カット", "ヘッドスパ"])
        self.assertEqual(str(suzuki.x_birthday), "1988-05-14")
        self.assertEqual(self.env.ref("crm_smart_data.smart_field_demo_birthday").field_type, "date")
        self.assertTrue(self.env.ref("crm_smart_data.smart_field_demo_member_rank").indexed)

    def test_duplicate_a_field(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"])
        twin = rank.copy()
        self.assertEqual(twin.label, "Loyalty Rank (copy)")
        self.assertNotEqual(twin.name, rank.name)
        self.assertIn(twin.name, self.Partner._fields)
        self.assertEqual(twin.choice_ids.mapped("label"), ["Gold", "Silver"])
        self.assertFalse(set(twin.choice_ids.mapped("value")) & set(rank.choice_ids.mapped("value")))
        self.assertEqual(self.Partner.fields_get([twin.name])[twin.name]["domain"],
                         [("smart_field_id", "=", twin.id)])

    def test_normalisation_adds_no_query_when_saving_customers(self):
        note = self.create_field("Memo")
        phone = self.create_field("Mobile", "phone")
        email = self.create_field("Work Email", "email")

        def queries(vals):
            self.env.flush_all()
            before = self.cr.sql_log_count
            self.customer.write(vals)
            self.env.flush_all()
            return self.cr.sql_log_count - before

        queries({note.name: "warm-up", phone.name: "0312345678", email.name: "a@example.jp"})
        plain = queries({note.name: "090-1111-2222"})
        normalised = queries({phone.name: "090-1111-2222"})
        self.assertGreater(plain, 0)
        self.assertEqual(normalised, plain)
        self.assertEqual(queries({email.name: "B@Example.JP"}), plain)
        self.assertEqual((self.customer[phone.name], self.customer[email.name]), ("+819011112222", "b@example.jp"))
