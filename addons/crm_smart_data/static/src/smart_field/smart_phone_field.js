import { onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { PhoneField, phoneField } from "@web/views/fields/phone/phone_field";

const nationalFormats = new Map();
const pending = new Map();

/**
 * National format of ``value``; the numbers asked for during one rendering
 * (a whole list) are formatted by a single call to the server.
 */
function formatNational(orm, value) {
    if (nationalFormats.has(value)) {
        return Promise.resolve(nationalFormats.get(value));
    }
    return new Promise((resolve) => {
        if (!pending.size) {
            setTimeout(async () => {
                const batch = new Map(pending);
                pending.clear();
                const values = [...batch.keys()];
                let formatted = values;
                try {
                    formatted = await orm.call("smart.field", "format_phone_national", [values]);
                } finally {
                    values.forEach((number, index) => {
                        nationalFormats.set(number, formatted[index]);
                        batch.get(number).forEach((done) => done(formatted[index]));
                    });
                }
            });
        }
        if (!pending.has(value)) {
            pending.set(value, []);
        }
        pending.get(value).push(resolve);
    });
}

/**
 * Phone numbers of custom fields are stored in E.164 (+819012345678) and
 * shown in the national format of the company's country (090-1234-5678),
 * as formatted by the server with the phonenumbers library.
 */
export class SmartPhoneField extends PhoneField {
    static template = "crm_smart_data.SmartPhoneField";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.national = useState({ text: "" });
        onWillStart(() => this.loadNational(this.props));
        onWillUpdateProps((nextProps) => this.loadNational(nextProps));
    }

    async loadNational(props) {
        const value = props.record.data[props.name];
        if (!value) {
            this.national.text = "";
            return;
        }
        this.national.text = await formatNational(this.orm, value);
    }
}

export const smartPhoneField = {
    ...phoneField,
    component: SmartPhoneField,
};

registry.category("fields").add("smart_phone", smartPhoneField);
