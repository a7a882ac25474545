import { openSmartMenuSteps } from "@crm_smart_base/../tests/tours/smart_tour_utils";

/**
 * Steps shared by the tours of the data tools.
 */

/** Attach a CSV file of ``content`` as ``name`` to the file field of the open dialog. */
export function chooseCsvSteps(content, name, description = "Choose a CSV file") {
    return [
        {
            content: description,
            trigger: ".modal .o_field_widget[name=file]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const transfer = new DataTransfer();
                transfer.items.add(new File([content], name, { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is attached",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
    ];
}

/**
 * Steps opening a dialog of Smart CRM ▸ Data Tools (upload, cross-tab …)
 * from the home screen.
 */
export function openDataToolSteps(menuXmlid, description) {
    return openSmartMenuSteps("crm_smart_data.menu_smart_data_tools", menuXmlid, description);
}
