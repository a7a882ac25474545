{
    "name": "Smart CRM Fields and Databases",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Customer fields and whole databases without code, with upload, download, cross-tab and prize draws "
    "/ ノーコードの顧客項目とデータベース、アップロード・集計・抽選",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "phone_validation"],
    "external_dependencies": {
        "python": ["phonenumbers", "xlsxwriter", "openpyxl", "jaconv"],
    },
    "data": [
        "security/ir.model.access.csv",
        "security/crm_smart_data_security.xml",
        "data/smart_field_alias_data.xml",
        "data/smart_data_job_cron.xml",
        "views/smart_draw_views.xml",
        "views/smart_data_tools_views.xml",
        "views/smart_data_job_views.xml",
        "views/smart_database_views.xml",
        "views/smart_field_views.xml",
        "views/res_config_settings_views.xml",
        "views/smart_field_alias_views.xml",
        "wizard/smart_field_type_wizard_views.xml",
        "wizard/smart_field_delete_wizard_views.xml",
        "views/crm_smart_data_menus.xml",
    ],
    "demo": [
        "demo/smart_field_demo.xml",
        "demo/smart_database_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_smart_data/static/src/smart_field/**/*",
            "crm_smart_data/static/src/smart_database/**/*",
            "crm_smart_data/static/src/upload_progress/**/*",
            "crm_smart_data/static/src/job_notification/**/*",
        ],
        "web.assets_tests": [
            "crm_smart_data/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
}
