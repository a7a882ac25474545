import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// 会員ランク = ゴールド, card balance ≥ ¥5,000 and no visit (card use) in 60 days
export const DORMANT_GOLD =
    '[("x_member_rank.value", "=", "gold"), ("valuecard_balance", ">=", 5000), ' +
    '("valuecard_last_use", "<", (context_today() - relativedelta(days=60)).strftime("%Y-%m-%d"))]';

/** Write the conditions of the dormant gold segment in the form (debug mode's code editor). */
export function dormantGoldConditionSteps() {
    return [
        {
            content: "Write the conditions on the customer fields",
            trigger: ".o_field_widget[name=domain] .o_domain_selector_debug_container textarea",
            run: `edit ${DORMANT_GOLD}`,
        },
        {
            content: "Leave the conditions so that they apply",
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit 60日来店のない残高の多いゴールド会員",
        },
    ];
}

registry.category("web_tour.tours").add("crm_smart_segment_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_marketing']",
            run: "click",
        },
        {
            content: "Open the segments",
            trigger: "a[data-menu-xmlid='crm_smart_segment.menu_smart_segments']",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 休眠ゴールド会員",
        },
        ...dormantGoldConditionSteps(),
        {
            content: "The live sample shows the dormant gold member",
            trigger: ".o_field_widget[name=sample_partner_ids] .o_data_row:contains('休眠 金子')",
        },
        {
            content: "but not the gold member who came last week",
            trigger: ".o_field_widget[name=sample_partner_ids]:not(:contains('来店 金沢'))",
        },
        {
            trigger: "button[name=action_view_partners] .o_stat_value",
        },
        ...stepUtils.saveForm(),
        {
            content: "Open the customers of the segment",
            trigger: "button[name=action_view_partners]",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('休眠ゴールド会員')",
        },
    ],
});
