import { onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { PhoneField, phoneField } from "@web/views/fields/phone/phone_field";

const nationalFormats = new Map();

/**
 * Phone numbers of custom fields are stored in E.164 (+819012345678) and
 * shown in the national format of the company's country (090-1234-5678),
 * as formatted by the server with the phonenumbers library.
 */
export class SmartPhoneField extends PhoneField {
    static template = "crm_smart.SmartPhoneField";

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
        if (!nationalFormats.has(value)) {
            const [formatted] = await this.orm.call("smart.field", "format_phone_national", [[value]]);
            nationalFormats.set(value, formatted);
        }
        this.national.text = nationalFormats.get(value);
    }
}

export const smartPhoneField = {
    ...phoneField,
    component: SmartPhoneField,
};

registry.category("fields").add("smart_phone", smartPhoneField);
