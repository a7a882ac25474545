{
    "name": "Smart CRM Sales History",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Daily-report lines and alerts in the customer's timeline "
    "/ 日報の訪問記録とアラートを顧客のタイムラインに表示",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_sales", "crm_smart_history"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
    ],
}
