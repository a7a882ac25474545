import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { addStep, sendMailingSteps } from "@crm_smart_mail/../tests/tours/smart_mail_tour";
import { dormantGoldConditionSteps } from "@crm_smart_segment/../tests/tours/smart_segment_tour";

const SEGMENT = "休眠ゴールド会員";
const LIST = "休眠ゴールド会員リスト";

function openMarketing(menu, content) {
    return [
        {
            content: "Open the marketing menu",
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_marketing']",
            run: "click",
        },
        {
            content,
            trigger: `a[data-menu-xmlid='${menu}']`,
            run: "click",
        },
    ];
}

function chooseRecord(field, name) {
    return [
        {
            trigger: `.o_form_view .o_field_widget[name=${field}] input`,
            run: `edit ${name}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-menu a:contains('${name}')`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_smart_marketing_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        // 1. the segment, with its live count
        ...openMarketing("crm_smart_segment.menu_smart_segments", "Open the segments"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: `edit ${SEGMENT}`,
        },
        ...dormantGoldConditionSteps(),
        {
            content: "The live count shows the two dormant gold members with a high balance",
            trigger: "button[name=action_view_partners] .o_stat_value:contains(/^\\s*2\\s*$/)",
        },
        {
            trigger: ".o_field_widget[name=sample_partner_ids] .o_data_row:contains('休眠 金子')",
        },
        ...stepUtils.saveForm(),
        // 2. a dynamic mailing list fed by the segment
        ...openMarketing("crm_smart_mail.menu_smart_mailing_lists", "Open the mailing lists"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${LIST}`,
        },
        {
            content: "Make it dynamic",
            trigger: ".o_form_view .o_field_widget[name=smart_dynamic] input",
            run: "click",
        },
        ...chooseRecord("smart_segment_id", SEGMENT),
        ...stepUtils.saveForm(),
        {
            content: "Refresh the members from the segment",
            trigger: ".o_form_view button[name=action_smart_refresh]",
            run: "click",
        },
        {
            content: "Of the two members, one consented to email: one may be mailed",
            trigger: ".o_form_view .o_field_widget[name=smart_consenting_count]:contains(/^\\s*1\\s*$/)",
        },
        // 3. a mailing to the list
        ...openMarketing("crm_smart_mail.menu_smart_mailings", "Open the mailings"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Start from the basic theme",
            trigger: ".o_mailing_template_preview_wrapper [data-name='basic']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=subject] input",
            run: "edit ゴールド会員さまへ 特別なご案内",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=contact_list_ids] input",
            run: `edit ${LIST}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-menu a:contains('${LIST}')`,
            run: "click",
        },
        {
            trigger: `.o_form_view .o_field_widget[name=contact_list_ids] .o_tag:contains('${LIST}')`,
        },
        ...stepUtils.saveForm(),
        ...sendMailingSteps(),
        // 4. a three-step welcome sequence for the segment
        ...openMarketing("crm_smart_mail.menu_smart_step_sequences", "Open the step mails"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=name] input",
            run: "edit 休眠ゴールド会員 ウェルカム",
        },
        ...chooseRecord("segment_id", SEGMENT),
        ...addStep("ようこそ", 0),
        ...addStep("3日後のご案内", 3),
        ...addStep("10日後のクーポン", 7),
        ...stepUtils.saveForm(),
        {
            content: "Start the step mail",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "The step mail runs",
            trigger: ".o_form_view .o_field_widget[name=state] .o_arrow_button_current[data-value=running]",
        },
        {
            content: "Both customers of the segment are enrolled",
            trigger: ".o_form_view button[name=action_view_enrolments] .o_stat_value:contains(/^\\s*2\\s*$/)",
        },
    ],
});
