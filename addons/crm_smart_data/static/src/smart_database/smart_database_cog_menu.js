import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

/**
 * The cross-tab and the prize draw of a database, in the list's gear menu: the
 * control panel keeps one line at 1280 px (the Upload button stays a button).
 */
class SmartDatabaseCogItem extends Component {
    static template = "crm_smart_data.SmartDatabaseCogItem";
    static props = {};
    static components = { DropdownItem };

    async open() {
        // the services themselves, not useService(): the dropdown closes and destroys this item on
        // click, and a destroyed component's useService() calls never resolve
        const { action, orm } = this.env.services;
        const resModel = this.env.searchModel.resModel;
        const [model] = await orm.searchRead("ir.model", [["model", "=", resModel]], ["id"], { limit: 1 });
        return action.doAction(this.constructor.action, {
            additionalContext: { default_model_id: model.id },
        });
    }
}

export class SmartCrosstabCogItem extends SmartDatabaseCogItem {
    static action = "crm_smart_data.smart_crosstab_wizard_action";
    get label() {
        return _t("Cross-tab");
    }
}

export class SmartDrawCogItem extends SmartDatabaseCogItem {
    static action = "crm_smart_data.smart_draw_action_new";
    get label() {
        return _t("Prize draw");
    }
}

function item(Component) {
    return {
        Component,
        groupNumber: 30,
        isDisplayed: async ({ config, searchModel }) =>
            searchModel.resModel.startsWith("x_smart_db_") &&
            ["list", "kanban"].includes(config.viewType) &&
            config.actionType === "ir.actions.act_window" &&
            (await user.hasGroup("crm_smart_base.group_smart_manager")),
    };
}

registry
    .category("cogMenu")
    .add("crm_smart_data.crosstab", item(SmartCrosstabCogItem), { sequence: 40 })
    .add("crm_smart_data.draw", item(SmartDrawCogItem), { sequence: 41 });
