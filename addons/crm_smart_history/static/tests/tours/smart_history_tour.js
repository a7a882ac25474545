import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_smart_history_tour", {
    steps: () => [
        {
            content: "A customer without purchases has no score",
            trigger: ".o_form_view .o_notebook a.nav-link[name='smart_history']",
            run: "click",
        },
        {
            trigger: ".o_notebook .o_field_widget[name='smart_timeline_html'] p.text-muted",
        },
        {
            content: "The counter records a visit from the customer's form",
            trigger: "button[name='action_record_smart_visit']",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='store'] input",
            run: "edit 本店",
        },
        {
            trigger: ".modal .o_field_widget[name='amount'] input",
            run: "edit 3300",
        },
        {
            trigger: ".modal .o_field_widget[name='description'] textarea",
            run: "edit 抹茶ロールケーキ",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The customer's view shows the visit, its count and its timeline",
            trigger: ".o_field_widget[name='smart_visit_ids'] .o_data_row:contains('3,300'):contains('本店')",
        },
        {
            trigger: "button[name='action_view_smart_visits'] .o_stat_value:contains('1')",
        },
        {
            trigger: ".o_field_widget[name='smart_timeline_html'] table td:contains('本店')",
        },
        {
            content: "Recomputing gives the customer their scores",
            trigger: "button[name='action_recompute_smart_value']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='smart_rfm_code']:contains('555')",
        },
    ],
});
