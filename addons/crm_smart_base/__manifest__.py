{
    "name": "Smart CRM Base",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Shared ground of the Smart CRM addons: roles, menu, settings and helpers "
    "/ スマートCRM共通基盤: 権限・メニュー・設定・共通部品",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["base_setup", "mail"],
    "external_dependencies": {
        "python": ["phonenumbers", "xlsxwriter"],
    },
    "data": [
        "security/crm_smart_base_groups.xml",
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "views/crm_smart_base_menus.xml",
    ],
    "demo": [
        "demo/res_lang_demo.xml",
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smart_base/static/tests/**/*.js",
        ],
    },
}
