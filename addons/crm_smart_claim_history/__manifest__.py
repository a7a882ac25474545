{
    "name": "Smart CRM Inquiry History",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Inquiries and complaints on the customer's history page and timeline "
    "/ 問い合わせ・クレームを顧客の履歴・タイムラインに表示",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_claim", "crm_smart_history"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
    ],
}
