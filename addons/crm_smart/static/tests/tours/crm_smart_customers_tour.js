import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_smart_customers_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            content: "The customer list opens with the Japanese demo customers",
            trigger: ".o_kanban_record:contains('株式会社さくらフーズ')",
            run: "click",
        },
        {
            content: "The customer form shows the company",
            trigger: ".o_form_view .o_breadcrumb:contains('株式会社さくらフーズ')",
        },
        {
            content: "Open the configuration menu (managers)",
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_configuration']",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='crm_smart_base.menu_smart_partner_category']",
            run: "click",
        },
        {
            content: "Customer tags are listed",
            trigger: ".o_list_view .o_data_row:contains('VIP')",
        },
    ],
});
