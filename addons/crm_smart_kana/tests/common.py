from odoo.addons.crm_smart_base.tests.common import SmartCrmCase


class KanaCase(SmartCrmCase):
    """Customers whose names and readings sort differently: by name 井上, 山崎,
    青木 (the order of their kanji), by reading アオキ, イノウエ, ヤマザキ."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.yamazaki, cls.aoki, cls.inoue = cls.Partner.create([
            {"name": "山崎 太郎", "name_kana": "やまざき たろう"},
            {"name": "青木 一郎", "name_kana": "ｱｵｷ ｲﾁﾛｳ"},
            {"name": "井上 美咲", "name_kana": "イノウエ　ミサキ"},
        ])
        cls.unread = cls.Partner.create({"name": "阿部 進"})
