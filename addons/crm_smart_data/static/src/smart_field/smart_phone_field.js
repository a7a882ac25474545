import { useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useRecordObserver } from "@web/model/relational_model/utils";
import { useInputField } from "@web/views/fields/input_field_hook";
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
 * shown, read or edited, in the national format of the company's country
 * (090-1234-5678), as formatted by the server with the phonenumbers library;
 * what is typed is stored in E.164 again when the record is saved. The
 * format follows every change of the record, a save included.
 */
export class SmartPhoneField extends PhoneField {
    static template = "crm_smart_data.SmartPhoneField";

    setup() {
        // not super.setup(): the input shows the national format, not the stored value
        this.orm = useService("orm");
        this.national = useState({ value: "", text: "" });
        useInputField({ getValue: () => this.shownValue });
        useRecordObserver((record, props) => this.loadNational(record.data[props.name]));
    }

    /** The national format of the stored number once known, else the number as stored. */
    get shownValue() {
        const value = this.props.record.data[this.props.name] || "";
        return value && this.national.value === value && this.national.text ? this.national.text : value;
    }

    async loadNational(value) {
        const text = value ? await formatNational(this.orm, value) : "";
        Object.assign(this.national, { value: value || "", text });
    }
}

export const smartPhoneField = {
    ...phoneField,
    component: SmartPhoneField,
};

registry.category("fields").add("smart_phone", smartPhoneField);
