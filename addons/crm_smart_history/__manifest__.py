{
    "name": "Smart CRM Customer History",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Visits and purchases, RFM scores, lifetime value and one view of each customer "
    "/ 来店・購買履歴、RFM分析、顧客生涯価値と顧客の一覧表示",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_data"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_smart_history_security.xml",
        "data/crm_smart_history_data.xml",
        "data/smart_visit_alias_data.xml",
        "views/smart_visit_views.xml",
        "views/smart_customer_value_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/smart_import_wizard_views.xml",
        "views/crm_smart_history_menus.xml",
    ],
    "demo": [
        "demo/smart_visit_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smart_history/static/tests/tours/*.js",
        ],
    },
}
