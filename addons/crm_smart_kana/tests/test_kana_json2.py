import datetime
import json

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestKanaJson2(HttpCase):
    """Readings written over JSON-2 are normalised, and refused when they are not kana."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="kana_api", groups="crm_smart_base.group_smart_user",
                                 name="API Kana", context={"lang": "en_US"})
        cls.key = cls.env["res.users.apikeys"].with_user(cls.user)._generate(
            "rpc", "kana test", datetime.datetime.now() + datetime.timedelta(days=0.5))
        cls.customer = cls.env["res.partner"].create({"name": "山田 太郎"})

    def call(self, method, **params):
        return self.url_open(f"/json/2/res.partner/{method}", data=json.dumps(params), headers={
            "Content-Type": "application/json", "Authorization": f"bearer {self.key}",
            "X-Odoo-Database": self.env.cr.dbname})

    def test_json2_writes_normalised(self):
        response = self.call("write", ids=self.customer.ids, vals={"name_kana": "ﾔﾏﾀﾞ　たろう"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.customer.name_kana, "ヤマダ タロウ")
        response = self.call("create", vals_list=[{"name": "青木 一郎", "name_kana": "あおき いちろう"}])
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(self.env["res.partner"].browse(response.json()).name_kana, "アオキ イチロウ")

    @mute_logger("odoo.http")
    def test_json2_reading_that_is_not_kana_refused(self):
        response = self.call("write", ids=self.customer.ids, vals={"name_kana": "山田"})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("“山田” is not a reading in kana for Furigana", response.json()["message"])
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.name_kana, False)
