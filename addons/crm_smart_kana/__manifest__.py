{
    "name": "Smart CRM Kana Readings",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "The kana reading (furigana) of every customer name, for search and kana order "
    "/ 顧客名のフリガナ（検索・あいうえお順）",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "l10n_jp_kana"],
    "data": [
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
