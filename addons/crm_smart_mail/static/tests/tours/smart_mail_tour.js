import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

export function addStep(name, days) {
    return [
        {
            content: `Add the step ${name}`,
            trigger: "div[name=step_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal div[name=name] input",
            run: `edit ${name}`,
        },
        {
            trigger: ".modal div[name=wait_days] input",
            run: `edit ${days}`,
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: `div[name=step_ids] .o_data_row:contains('${name}')`,
        },
    ];
}

/** Send the mailing open in the form, and check that it is queued. */
export function sendMailingSteps() {
    return [
        {
            content: "Send it",
            trigger: ".o_form_view button[name=action_launch]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The mailing is queued",
            trigger: ".o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=in_queue]",
        },
    ];
}

registry.category("web_tour.tours").add("crm_smart_mail_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            content: "Open the marketing menu",
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_marketing']",
            run: "click",
        },
        {
            content: "Open the mailings",
            trigger: "a[data-menu-xmlid='crm_smart_mail.menu_smart_mailings']",
            run: "click",
        },
        {
            content: "Open the prepared mailing",
            trigger: ".o_list_view .o_data_row td:contains('ツアーのお知らせ')",
            run: "click",
        },
        ...sendMailingSteps(),
        {
            content: "Open the marketing menu again",
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_marketing']",
            run: "click",
        },
        {
            content: "Open the step mails",
            trigger: "a[data-menu-xmlid='crm_smart_mail.menu_smart_step_sequences']",
            run: "click",
        },
        {
            content: "Create a step mail",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=name] input",
            run: "edit ツアー ウェルカム",
        },
        ...addStep("ようこそ", 0),
        ...addStep("3日後のご案内", 3),
        ...addStep("10日後のクーポン", 7),
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Start the step mail",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "The step mail runs",
            trigger: ".o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=running]",
        },
    ],
});
