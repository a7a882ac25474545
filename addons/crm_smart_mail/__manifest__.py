{
    "name": "Smart CRM Mail",
    "version": "19.0.2.0.0",
    "category": "Marketing/Email Marketing",
    "summary": "Dynamic mailing lists, consent records, a double opt-in sign-up page and step mails "
    "/ 動的配信リスト・同意記録・メルマガ登録ページ・ステップメール",
    "author": "Smart CRM Developers",
    "website": "https://github.com/smart-crm/smart-crm",
    "maintainers": ["smart-crm"],
    "license": "LGPL-3",
    "depends": ["crm_smart_base", "crm_smart_data", "crm_smart_segment", "mass_mailing"],
    "external_dependencies": {
        "python": ["qrcode"],
    },
    "data": [
        "security/crm_smart_mail_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_smart_mail_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/ir_actions_server_data.xml",
        "report/smart_magazine_page_reports.xml",
        "views/smart_consent_views.xml",
        "views/res_partner_views.xml",
        "views/mailing_list_views.xml",
        "views/mailing_mailing_views.xml",
        "views/smart_magazine_page_views.xml",
        "views/smart_step_sequence_views.xml",
        "views/smart_magazine_templates.xml",
        "views/mailing_templates.xml",
        "views/crm_smart_mail_menus.xml",
    ],
    "demo": [
        "demo/crm_smart_mail_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_smart_mail/static/tests/tours/*.js",
        ],
    },
}
