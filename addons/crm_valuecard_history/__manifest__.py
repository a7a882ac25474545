{
    "name": "Smart CRM Value Card History",
    "version": "19.0.2.1.0",
    "category": "Sales/CRM",
    "summary": "Value-card payments recorded as customer visits, and points per visit "
    "/ バリューカード決済を来店履歴に記録、来店ポイント",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_valuecard", "crm_smart_history"],
    "data": [
        "views/valuecard_rule_views.xml",
        "views/smart_visit_views.xml",
        "views/res_partner_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_valuecard_history/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
}
