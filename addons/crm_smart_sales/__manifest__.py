{
    "name": "Smart CRM Daily Reports and Alerts",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "SFA daily reports with review, and customer alerts on customer and opportunity forms "
    "/ 営業日報と承認、顧客アラート",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm", "calendar"],
    "external_dependencies": {
        "python": ["xlsxwriter"],
    },
    "data": [
        "security/crm_smart_sales_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_smart_sales_security.xml",
        "data/smart_daily_report_data.xml",
        "views/smart_daily_report_views.xml",
        "views/smart_alert_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_smart_sales_menus.xml",
    ],
    "demo": [
        "demo/smart_daily_report_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smart_sales/static/tests/tours/*.js",
        ],
    },
}
