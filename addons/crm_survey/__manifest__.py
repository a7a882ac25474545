{
    "name": "Smart CRM Surveys",
    "version": "19.0.2.0.0",
    "category": "Marketing/Surveys",
    "summary": "Surveys whose answers feed Smart CRM customers and databases "
    "/ 回答が顧客情報とデータベースに反映されるアンケート",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_data", "survey"],
    "external_dependencies": {
        "python": ["qrcode"],
    },
    "data": [
        "security/crm_survey_groups.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/survey_survey_views.xml",
        "views/survey_invite_wave_views.xml",
        "wizard/survey_invite_views.xml",
        "report/survey_flyer_report.xml",
        "views/crm_survey_menus.xml",
        "security/crm_survey_results_security.xml",
        "report/survey_answer_report_views.xml",
        "wizard/survey_results_crosstab_views.xml",
        "views/survey_results_views.xml",
    ],
    "demo": [
        "demo/survey_demo.xml",
        "demo/survey_results_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_survey/static/tests/tours/*.js",
        ],
    },
}
