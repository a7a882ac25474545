{
    "name": "Smart CRM Survey Rewards",
    "version": "19.0.2.0.0",
    "category": "Marketing/Surveys",
    "summary": "Points or bonus value on the value card of customers who complete a survey "
    "/ アンケート回答者のバリューカードにポイント・ボーナスを付与",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_survey", "crm_valuecard"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "security/crm_survey_valuecard_security.xml",
        "views/survey_reward_grant_views.xml",
        "views/survey_survey_views.xml",
    ],
    "demo": [
        "demo/survey_reward_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_survey_valuecard/static/tests/tours/*.js",
        ],
    },
}
