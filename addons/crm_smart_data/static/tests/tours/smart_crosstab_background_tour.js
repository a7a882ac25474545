import { registry } from "@web/core/registry";
import { openDataToolSteps } from "@crm_smart_data/../tests/tours/smart_upload_tour_utils";

function chooseField(name, label) {
    return [
        {
            content: `Choose ${label}`,
            trigger: `.modal div[name=${name}] input`,
            run: `edit ${label}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains('${label}')`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_smart_crosstab_background_tour", {
    url: "/odoo",
    steps: () => [
        ...openDataToolSteps("crm_smart_data.menu_smart_crosstab", "Open the cross-tab dialog"),
        ...chooseField("row_field_id", "Is a Company"),
        ...chooseField("col_field_id", "Active"),
        {
            trigger: ".modal .o_smart_crosstab",
        },
        {
            content: "Many customers: the file is made in the background",
            trigger: ".modal button[name=action_download]",
            run: "click",
        },
        {
            content: "The dialog shows the progress of the job",
            trigger: ".modal .o_smart_upload_progress .progress[role=progressbar]",
        },
        {
            content: "At the end, the file is there to download",
            trigger:
                ".modal .o_smart_upload_progress[data-state=done] a.o_smart_job_download[href*='/result_file/']",
        },
        {
            content: "Nothing left to cancel",
            trigger: ".modal .o_smart_upload_progress:not(:has(.o_smart_upload_cancel))",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
