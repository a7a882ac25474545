import { registry } from "@web/core/registry";
import { openSmartMenuSteps } from "@crm_smart_base/../tests/tours/smart_tour_utils";

/**
 * A sales rep and a manager working in Japanese: the rep refreshes today's
 * report from the calendar and the activities, edits a line and submits; the
 * manager comments and approves. Walked with the English watch of
 * crm_smart_base (tests/test_daily_report_japanese_ui.py): any English term of
 * Smart CRM's own on these screens fails the tour. Core Odoo buttons are
 * selected by class, Smart CRM's own elements by name or Japanese text.
 */
function openReportMenuSteps(menuXmlid, description) {
    return openSmartMenuSteps("crm_smart_sales.menu_smart_daily_report_root", menuXmlid, description);
}

registry.category("web_tour.tours").add("crm_smart_daily_report_japanese_tour", {
    url: "/odoo",
    steps: () => [
        ...openReportMenuSteps("crm_smart_sales.menu_smart_daily_report_my", "Open today's report"),
        {
            content: "Today's report is an empty draft, opened before the meeting and the call",
            trigger: ".o_form_view:has(.o_field_widget[name=state] .o_arrow_button_current[data-value=draft]) div[name=line_ids]:not(:has(.o_data_row))",
        },
        {
            content: "Refresh it from the calendar and the activities",
            trigger: ".o_form_view button[name=action_refresh_lines]",
            run: "click",
        },
        {
            content: "The meeting of the calendar is a line",
            trigger: "div[name=line_ids] .o_data_row:contains('新メニューの打合せ')",
        },
        {
            content: "The call done is a line",
            trigger: "div[name=line_ids] .o_data_row:contains('見積の確認電話')",
        },
        {
            content: "Open the meeting's line",
            trigger: "div[name=line_ids] .o_data_row:contains('新メニューの打合せ') td[name=purpose]",
            run: "click",
        },
        {
            trigger: ".modal div[name=result] textarea",
            run: "edit 試食会の日程が決まった",
        },
        {
            trigger: ".modal div[name=next_step] input",
            run: "edit 試食会の準備",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The line shows the next step",
            trigger: "div[name=line_ids] .o_data_row:contains('試食会の準備')",
        },
        {
            content: "Write the summary of the day",
            trigger: ".o_notebook .nav-link[name=summary]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=summary] textarea",
            run: "edit 新メニューの試食会が決まった",
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
        {
            content: "A submitted report can no longer be refreshed",
            trigger: ".o_form_view:not(:has(button[name=action_refresh_lines]))",
        },
    ],
});

registry.category("web_tour.tours").add("crm_smart_daily_report_japanese_review_tour", {
    url: "/odoo",
    steps: () => [
        ...openReportMenuSteps("crm_smart_sales.menu_smart_daily_report_review", "Open the reports to review"),
        {
            content: "Open the report of the rep",
            trigger: ".o_list_view .o_data_row:contains('営業 伊藤') td[name=date]",
            run: "click",
        },
        {
            content: "The visits of the day are listed",
            trigger: "div[name=line_ids] .o_data_row:contains('試食会の準備')",
        },
        {
            content: "Comment on the report",
            trigger: ".o_notebook .nav-link[name=review]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=manager_comment] textarea",
            run: "edit 試食会には私も同行します",
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
        {
            content: "The chatter records the approval",
            trigger: ".o-mail-Chatter .o-mail-Message",
        },
    ],
});
