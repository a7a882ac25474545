import { registry } from "@web/core/registry";
import {
    chooseCsvSteps,
    openDataToolSteps,
} from "@crm_smart_data/../tests/tours/smart_upload_tour_utils";

const ROWS = 60;

function customersCsv() {
    const lines = ["Name,Email"];
    for (let i = 1; i <= ROWS; i++) {
        lines.push(`背景 顧客${i},background${i}@example.jp`);
    }
    return lines.join("\n") + "\n";
}

registry.category("web_tour.tours").add("crm_smart_upload_background_tour", {
    url: "/odoo",
    steps: () => [
        ...openDataToolSteps("crm_smart_data.menu_smart_import", "Open the upload dialog"),
        ...chooseCsvSteps(
            customersCsv(),
            "customers.csv",
            "Choose a CSV file of customers, large enough to go to the background"
        ),
        {
            trigger: ".modal button[name=action_load]",
            run: "click",
        },
        {
            trigger: ".modal .o_smart_import_preview:contains('背景 顧客3')",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "The upload runs in the background, with a progress bar",
            trigger: ".modal .o_smart_upload_progress .progress[role=progressbar]",
        },
        {
            content: "The bar follows the upload: 40% and the rows read so far",
            trigger:
                ".modal .o_smart_upload_progress[data-state=running] .progress-bar[style*='40%']:contains('40')",
        },
        {
            trigger: ".modal .o_smart_upload_progress .o_smart_upload_rows:contains('24')",
        },
        {
            content: "At the end, the result",
            trigger: `.modal .o_smart_upload_progress[data-state=done] .o_smart_upload_result:contains('${ROWS}')`,
        },
        {
            trigger: ".modal .o_smart_upload_progress .progress-bar[style*='100%']",
        },
        {
            content: "Nothing left to cancel",
            trigger: ".modal .o_smart_upload_progress:not(:has(.o_smart_upload_cancel))",
        },
        {
            content: "The template is not offered while the upload runs or after it",
            trigger: ".modal .modal-footer:not(:has(button[name=action_download_template]))",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The notification of the end of the upload opens the records in one click",
            trigger:
                ".o_smart_data_job_notification:contains('Upload finished'):contains('customers.csv') " +
                ".o_notification_buttons button:contains('Open the records')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_smart_data_job_notification))",
        },
        {
            trigger: ".o_list_view .o_searchview_input",
            run: "edit 背景 顧客",
        },
        {
            trigger: ".o_list_view .o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The customers uploaded are there",
            trigger: ".o_list_view .o_data_row:contains('背景 顧客1')",
        },
    ],
});
