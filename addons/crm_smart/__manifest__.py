{
    "name": "Smart CRM",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "summary": "Low-code customer platform for Japanese SMBs: customer fields, databases, "
    "daily reports, alerts and segments / ノーコードで顧客項目・データベース・日報・アラート・セグメント",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm", "contacts", "mass_mailing", "calendar"],
    "external_dependencies": {
        "python": ["phonenumbers", "xlsxwriter", "openpyxl"],
    },
    "data": [
        "security/crm_smart_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_smart_security.xml",
        "views/smart_draw_views.xml",
        "views/smart_data_tools_views.xml",
        "views/smart_database_views.xml",
        "views/smart_field_views.xml",
        "wizard/smart_field_type_wizard_views.xml",
        "wizard/smart_field_delete_wizard_views.xml",
        "data/smart_daily_report_data.xml",
        "views/smart_daily_report_views.xml",
        "views/smart_alert_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_smart_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/smart_field_demo.xml",
        "demo/smart_database_demo.xml",
        "demo/smart_daily_report_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_smart/static/src/smart_field/**/*",
        ],
        "web.assets_tests": [
            "crm_smart/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "application": True,
}
