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
    "depends": ["crm_smart_base", "survey"],
    "data": [
        "security/crm_survey_groups.xml",
        "security/ir.model.access.csv",
        "views/crm_survey_menus.xml",
    ],
    "demo": [
        "demo/survey_demo.xml",
    ],
}
