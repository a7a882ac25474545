{
    "name": "Smart CRM Segments",
    "version": "19.0.2.0.0",
    "category": "Marketing",
    "summary": "Customer segments from any field, card balances, database records, survey answers, visits and alerts, "
    "with live counts / 顧客セグメント: 項目・カード残高・データベース・アンケート・訪問・アラートで抽出、件数を即時表示",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_data"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_smart_segment_security.xml",
        "views/smart_segment_views.xml",
        "views/crm_smart_segment_menus.xml",
    ],
    "demo": [
        "demo/smart_segment_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smart_segment/static/tests/tours/*.js",
        ],
    },
}
