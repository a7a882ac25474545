import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
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
        {
            content: "The notification of the end of the job downloads the file in one click",
            trigger:
                ".o_smart_data_job_notification:contains('Download ready') " +
                ".o_notification_buttons button:contains('Download the file')",
            async run(actions) {
                // the browser of the tests refuses downloads: note what is opened
                const unpatch = patch(browser, {
                    open(url) {
                        unpatch();
                        document.body.dataset.smartOpened = url;
                        return { closed: false };
                    },
                });
                await actions.click();
            },
        },
        {
            content: "It is the cross-tab's XLSX file",
            trigger: "body[data-smart-opened*='/result_file/']",
            async run() {
                const response = await fetch(document.body.dataset.smartOpened);
                const disposition = response.headers.get("Content-Disposition") || "";
                if (!response.ok || !disposition.includes("attachment") || !disposition.includes(".xlsx")) {
                    throw new Error(`The file was not served: ${response.status} ${disposition}`);
                }
                const bytes = new Uint8Array(await response.arrayBuffer());
                if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
                    throw new Error("The file is not an XLSX file");
                }
            },
        },
    ],
});
