{
    "name": "Smart CRM Inquiries and Complaints",
    "version": "19.0.2.0.0",
    "category": "Sales/CRM",
    "summary": "Inquiries and complaints logged on the customer from mail, phone, counter and the portal, "
    "with an alert while open / 問い合わせ・クレーム管理とオープン中の顧客アラート",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_sales", "mail", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_smart_claim_security.xml",
        "data/smart_inquiry_data.xml",
        "views/smart_inquiry_views.xml",
        "views/smart_inquiry_category_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/smart_inquiry_portal_templates.xml",
        "views/crm_smart_claim_menus.xml",
    ],
    "demo": [
        "demo/smart_inquiry_demo.xml",
    ],
}
