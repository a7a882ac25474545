{
    "name": "Smart CRM",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Low-code customer platform for Japanese SMBs: customer fields, databases, value cards, "
    "surveys, daily reports and alerts / ノーコードの顧客基盤: 顧客項目・データベース・バリューカード・アンケート・日報",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": [
        "crm_smart_base",
        "crm_smart_data",
        "crm_smart_kana",
        "crm_smart_segment",
        "crm_smart_history",
        "crm_smart_sales",
        "crm_smart_claim",
        "crm_valuecard",
        "crm_survey",
        "crm_smart_mail",
        "contacts",
        "mass_mailing",
    ],
    # the app defines no model: its rights are those of the addons it installs
    "data": [
        "security/ir.model.access.csv",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smart/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
