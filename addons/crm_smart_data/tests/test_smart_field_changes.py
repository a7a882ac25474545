import base64
import io
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SmartFieldCase


@tagged("post_install", "-at_install")
class TestSmartFieldChoices(SmartFieldCase):

    def test_rename_reorder_and_add_choices_keep_data(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"])
        gold = rank.choice_ids[0]
        value = gold.value
        self.customer[rank.name] = gold
        rank.write({"choice_ids": [Command.update(gold.id, {"label": "ゴールド", "sequence": 5}),
                                   Command.create({"label": "Bronze", "sequence": 9})]})
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[rank.name].label, "ゴールド")
        self.assertEqual(gold.value, value)
        rank.invalidate_recordset(["choice_ids"])
        self.assertEqual(rank.choice_ids.mapped("label"), ["Silver", "ゴールド", "Bronze"])
        self.assertEqual(self.Partner.fields_get([rank.name])[rank.name]["domain"],
                         [("smart_field_id", "=", rank.id)])

    def test_removing_a_used_choice_is_refused_with_count(self):
        menu = self.create_field("Menu", "tags", choices=["Cut", "Color", "Spa"])
        cut, color, spa = menu.choice_ids
        self.customer[menu.name] = cut | color
        self.Partner.create({"name": "二人目", menu.name: [Command.set(cut.ids)]})
        with self.assertRefused(UserError, "used by 2 record"):
            cut.unlink()
        with self.assertRefused(UserError, "used by 1 record"):
            menu.write({"choice_ids": [Command.delete(color.id)]})
        self.assertEqual(len(menu.choice_ids), 3)
        spa.unlink()
        self.assertEqual(menu.choice_ids, cut | color)

        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"])
        gold, _silver = rank.choice_ids
        self.customer[rank.name] = gold
        with self.assertRefused(UserError, "used by 1 record"):
            gold.unlink()

    def test_default_choice_follows_relabel_and_cannot_be_removed(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold", "Silver"], default_value="Gold")
        gold = rank.choice_ids[0]
        gold.label = "ゴールド"
        self.assertEqual(rank.default_value, "ゴールド")
        self.assertEqual(self.Partner.create({"name": "新規"})[rank.name], gold)
        with self.assertRefused(UserError, "default value"):
            gold.unlink()
        self.assertTrue(gold.exists())

    def test_duplicate_choice_is_refused(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold"])
        with self.assertRaises(Exception):  # noqa: B017 - ValidationError raised by the constraint
            rank.write({"choice_ids": [Command.create({"label": "Gold"})]})


@tagged("post_install", "-at_install")
class TestSmartFieldTypeChange(SmartFieldCase):

    def _wizard(self, smart_field, new_type):
        return self.env["smart.field.type.wizard"].with_user(self.user_admin).create({
            "smart_field_id": smart_field.id, "new_type": new_type})

    def test_conversions_keep_data(self):
        note = self.create_field("Note")
        count = self.create_field("Count", "integer")
        self.customer.write({note.name: "short", count.name: 4})
        for smart_field, new_type in ((note, "text"), (count, "float")):
            wizard = self._wizard(smart_field, new_type)
            wizard.action_preview()
            self.assertEqual((wizard.value_count >= 1, wizard.failed_count), (True, 0))
            wizard.action_convert()
            self.assertEqual(smart_field.field_type, new_type)
        self.assertEqual(self.Partner._fields[note.name].type, "text")
        self.assertEqual(self.Partner._fields[count.name].type, "float")
        self.customer.invalidate_recordset()
        self.assertEqual((self.customer[note.name], self.customer[count.name]), ("short", 4.0))
        self.assertIn(note.name, self.env.ref("crm_smart_data.smart_field_view_res_partner_form").arch_db)

    def test_text_to_single_choice_creates_the_choices(self):
        source = self.create_field("Source")
        self.customer[source.name] = "Web"
        second = self.Partner.create({"name": "二人目", source.name: "チラシ"})
        self.Partner.create({"name": "三人目", source.name: "Web"})
        wizard = self._wizard(source, "selection")
        wizard.action_preview()
        wizard.action_convert()
        self.assertEqual(source.choice_ids.mapped("label"), ["Web", "チラシ"])
        self.assertEqual(self.Partner._fields[source.name].comodel_name, "smart.field.choice")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[source.name].label, "Web")
        self.assertEqual(second[source.name].label, "チラシ")
        self.assertEqual(self.Partner.search_count([(source.name, "=", source.choice_ids[0].id)]), 2)
        # and on to tags, keeping the same choices
        self._wizard(source, "tags").action_preview()
        self._wizard(source, "tags")
        wizard = self._wizard(source, "tags")
        wizard.action_preview()
        wizard.action_convert()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[source.name].mapped("label"), ["Web"])

    def test_preview_lists_values_that_do_not_convert(self):
        code = self.create_field("Code")
        self.customer[code.name] = "12"
        self.Partner.create([{"name": f"顧客{i}", code.name: value}
                             for i, value in enumerate(["A-1", "7", "B-2", "A-1"])])
        wizard = self._wizard(code, "integer")
        with self.assertRefused(UserError, "Preview"):
            wizard.action_convert()
        wizard.action_preview()
        self.assertEqual((wizard.value_count, wizard.failed_count), (5, 3))
        self.assertEqual(wizard.failed_samples.splitlines(), ["A-1", "B-2"])
        self.assertEqual(self.Partner._fields[code.name].type, "char", "a preview writes nothing")
        wizard.action_convert()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[code.name], 12)
        self.assertEqual(self.Partner.search_count([(code.name, "!=", False)]), 2)

    def test_long_text_to_short_text_checks_length(self):
        memo = self.create_field("Memo", "text")
        self.customer[memo.name] = "x" * 300
        wizard = self._wizard(memo, "char")
        wizard.action_preview()
        self.assertEqual(wizard.failed_count, 1)

    def test_impossible_conversions_are_not_offered(self):
        count = self.create_field("Count", "integer")
        Wizard = self.env["smart.field.type.wizard"].with_user(self.user_admin)
        offered = Wizard.with_context(default_smart_field_id=count.id).fields_get(["new_type"])
        self.assertEqual([key for key, _label in offered["new_type"]["selection"]], ["char", "float", "monetary"])
        forced = Wizard.with_context(default_smart_field_id=count.id).create({"new_type": "date"})
        with self.assertRefused(UserError, "cannot be converted"):
            forced.action_preview()
        flag = self.create_field("Flag", "boolean")
        self.assertEqual(Wizard._conversions(flag), ())
        wizard = self._wizard(flag, "date")
        with self.assertRefused(UserError, "cannot be converted"):
            wizard.action_preview()
        with self.assertRaises(UserError):
            wizard._change_type()

    def test_failed_conversion_changes_nothing(self):
        count = self.create_field("Count", "integer")
        self.customer[count.name] = 4
        wizard = self._wizard(count, "float")
        wizard.action_preview()
        with patch.object(type(self.env["smart.field.type.wizard"]), "_write_values", side_effect=RuntimeError("disk full")), \
                self.assertRaises(RuntimeError):
            wizard.action_convert()
        self.registry._setup_models__(self.cr)  # what the failed request leaves to the next one
        self.assertEqual(count.field_type, "integer")
        self.assertEqual(self.Partner._fields[count.name].type, "integer")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer[count.name], 4)


@tagged("post_install", "-at_install")
class TestSmartFieldDelete(SmartFieldCase):

    def test_delete_offers_export_then_asks_confirmation(self):
        rank = self.create_field("Loyalty Rank", "selection", choices=["Gold"])
        self.customer[rank.name] = rank.choice_ids
        wizard = self.env["smart.field.delete.wizard"].with_user(self.user_admin).create(
            {"smart_field_id": rank.id})
        self.assertEqual(wizard.record_count, 1)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file)))
        rows = list(book.active.values)
        self.assertEqual(rows[0], ("ID", "External ID", "Name", "Loyalty Rank"))
        self.assertEqual((rows[1][0], rows[1][3]), (self.customer.id, "Gold"))
        with self.assertRefused(UserError, "confirmation"):
            wizard.action_delete()
        self.assertTrue(rank.exists())
        name = rank.name
        wizard.confirm = True
        wizard.action_delete()
        self.assertFalse(rank.exists())
        self.assertNotIn(name, self.Partner._fields)
        self.assertFalse(self.env["ir.model.fields"].search([("model", "=", "res.partner"), ("name", "=", name)]))
        self.env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'")
        self.assertNotIn(name, [row[0] for row in self.env.cr.fetchall()])

    def test_export_before_deletion_has_phone_numbers_as_shown_and_as_stored(self):
        mobile = self.create_field("Mobile", "phone")
        self.customer[mobile.name] = "090-8765-4321"
        wizard = self.env["smart.field.delete.wizard"].with_user(self.user_admin).create(
            {"smart_field_id": mobile.id})
        wizard.action_export()
        rows = list(openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file))).active.values)
        self.assertEqual(rows[0], ("ID", "External ID", "Name", "Mobile", "Mobile (E.164)"))
        self.assertEqual(rows[1][3:], ("090-8765-4321", "+819087654321"))
