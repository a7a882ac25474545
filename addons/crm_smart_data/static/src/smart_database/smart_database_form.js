import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formView } from "@web/views/form/form_view";
import { FormController } from "@web/views/form/form_controller";

/**
 * Saving a database creates or renames its menu: reload the menus at once, so
 * that the new database shows in Smart CRM ▸ Databases without reloading the page.
 */
export class SmartDatabaseFormController extends FormController {
    setup() {
        super.setup();
        this.menu = useService("menu");
    }

    async onRecordSaved(record, changes) {
        await super.onRecordSaved(record, changes);
        await this.menu.reload();
    }
}

registry.category("views").add("smart_database_form", {
    ...formView,
    Controller: SmartDatabaseFormController,
});
