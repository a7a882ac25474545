import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_smart_daily_report_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            content: "Open the daily reports menu",
            trigger: "button[data-menu-xmlid='crm_smart_sales.menu_smart_daily_report_root']",
            run: "click",
        },
        {
            content: "Open today's report",
            trigger: "a[data-menu-xmlid='crm_smart_sales.menu_smart_daily_report_my']",
            run: "click",
        },
        {
            content: "Today's report is a draft",
            trigger: ".o_form_view:has(.o_field_widget[name=state] .o_arrow_button_current[data-value=draft])",
        },
        {
            content: "Add a visit",
            trigger: "div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal div[name=partner_id] input",
            run: "edit 株式会社さくら",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains('株式会社さくらフーズ')",
            run: "click",
        },
        {
            trigger: ".modal div[name=purpose] input",
            run: "edit 新商品の提案",
        },
        {
            trigger: ".modal div[name=result] textarea",
            run: "edit 見積を依頼された",
        },
        {
            trigger: ".modal div[name=next_step] input",
            run: "edit 見積書を送付する",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The visit is listed in the report",
            trigger: "div[name=line_ids] .o_data_row:contains('新商品の提案')",
        },
        {
            content: "Submit the report",
            trigger: ".o_form_view button[name=action_submit]",
            run: "click",
        },
        {
            content: "The report is submitted",
            trigger: ".o_form_view:has(.o_field_widget[name=state] .o_arrow_button_current[data-value=submitted])",
        },
    ],
});

registry.category("web_tour.tours").add("crm_smart_daily_report_review_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            trigger: "button[data-menu-xmlid='crm_smart_sales.menu_smart_daily_report_root']",
            run: "click",
        },
        {
            content: "Open the reports to review",
            trigger: "a[data-menu-xmlid='crm_smart_sales.menu_smart_daily_report_review']",
            run: "click",
        },
        {
            content: "Open the report of the rep",
            trigger: ".o_list_view .o_data_row:contains('Tour Rep') td[name=date]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The report is approved",
            trigger: ".o_form_view:has(.o_field_widget[name=state] .o_arrow_button_current[data-value=approved])",
        },
    ],
});
