{
    "name": "Smart CRM Value Card Segments",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Value-card campaigns for the customers of a segment "
    "/ 顧客セグメントの顧客のバリューカードにキャンペーンを付与",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_valuecard", "crm_smart_segment"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "views/valuecard_campaign_views.xml",
        "wizard/valuecard_coupon_issue_wizard_views.xml",
    ],
}
