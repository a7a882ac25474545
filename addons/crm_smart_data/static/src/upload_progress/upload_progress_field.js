import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

// milliseconds between two looks at a running upload
const POLL_DELAY = 1000;

/**
 * The progress of an upload run in the background (smart.data.job): a
 * progress bar read from the server every second until the upload ends, then
 * its result. Closing the dialog stops only the polling, never the upload.
 */
export class SmartUploadProgress extends Component {
    static template = "crm_smart_data.SmartUploadProgress";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ job: null });
        onWillStart(() => this.poll());
        onWillUnmount(() => {
            this.stopped = true;
            clearTimeout(this.timer);
        });
    }

    get jobId() {
        return this.props.record.data[this.props.name]?.id;
    }

    get running() {
        return ["pending", "running"].includes(this.state.job?.state);
    }

    async poll() {
        if (!this.jobId || this.stopped) {
            return;
        }
        this.state.job = await this.orm.call("smart.data.job", "get_progress", [[this.jobId]]);
        if (this.running && !this.stopped) {
            this.timer = setTimeout(() => this.poll(), POLL_DELAY);
        }
    }

    async onCancel() {
        await this.orm.call("smart.data.job", "action_cancel", [[this.jobId]]);
    }
}

registry.category("fields").add("smart_upload_progress", {
    component: SmartUploadProgress,
    supportedTypes: ["many2one"],
});
