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
        "report/valuecard_balance_report.xml",
        "report/valuecard_expiry_report.xml",
        "report/valuecard_campaign_report.xml",
        "wizard/valuecard_base_date_wizard_views.xml",
        "report/valuecard_report_security.xml",
    ],
    "uninstall_hook": "uninstall_hook",
}
