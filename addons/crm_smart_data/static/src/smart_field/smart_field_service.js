import { rpcBus } from "@web/core/network/rpc";
import { UPDATE_METHODS } from "@web/core/orm_service";
import { registry } from "@web/core/registry";

/**
 * Saving a custom field regenerates the views of its target model on the
 * server: drop the views cached by this browser so that the next customer
 * form, list or search shows the change without reloading the page.
 */
const SMART_FIELD_MODELS = [
    "smart.field",
    "smart.field.choice",
    "smart.field.type.wizard",
    "smart.field.delete.wizard",
];

export const smartFieldViewsService = {
    start() {
        rpcBus.addEventListener("RPC:RESPONSE", (ev) => {
            const { model, method } = ev.detail.data.params || {};
            if (
                SMART_FIELD_MODELS.includes(model) &&
                (UPDATE_METHODS.includes(method) || method?.startsWith("action_"))
            ) {
                rpcBus.trigger("CLEAR-CACHES", "get_views");
            }
        });
    },
};

registry.category("services").add("crm_smart_field_views", smartFieldViewsService);
