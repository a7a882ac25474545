{
    "name": "Smart CRM Survey Segments",
    "version": "19.0.2.0.0",
    "category": "Marketing/Surveys",
    "summary": "Invite the customers of a segment to a survey / 顧客セグメントの顧客をアンケートに招待",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_survey", "crm_smart_segment"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "wizard/survey_invite_views.xml",
    ],
}
