{
    "name": "Smart CRM Value Card",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Prepaid and point value cards on an immutable ledger, with a phone member card "
    "/ プリペイド・ポイントのバリューカードとスマホ会員証",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart", "portal"],
    "external_dependencies": {
        "python": ["qrcode", "num2words", "xlsxwriter"],
    },
    "data": [
        "security/crm_valuecard_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_valuecard_security.xml",
        "data/valuecard_data.xml",
        "views/valuecard_card_views.xml",
        "views/valuecard_entry_views.xml",
        "views/valuecard_lot_views.xml",
        "views/valuecard_program_views.xml",
        "views/valuecard_rule_views.xml",
        "views/valuecard_campaign_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/valuecard_operation_wizard_views.xml",
        "views/valuecard_menus.xml",
        "views/valuecard_portal_templates.xml",
        "views/valuecard_counter_views.xml",
        "report/valuecard_receipt_report.xml",
    ],
    "demo": [
        "demo/valuecard_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_valuecard/static/src/counter/**/*",
        ],
        "web.assets_tests": [
            "crm_valuecard/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
}
