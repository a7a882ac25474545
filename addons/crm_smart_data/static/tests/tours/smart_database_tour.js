import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { chooseCsvSteps } from "@crm_smart_data/../tests/tours/smart_upload_tour_utils";

function addField(label, typeLabels) {
    const steps = [
        {
            content: `Open the fields of the database to add ${label}`,
            trigger: ".o_form_view button[name=action_open_fields]:not(.oe_stat_button)",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=label] input",
            run: `edit ${label}`,
        },
    ];
    if (typeLabels) {
        steps.push(
            {
                trigger: ".o_field_widget[name=field_type] .o_select_menu_toggler",
                run: "click",
            },
            {
                trigger: typeLabels.map((type) => `.o_select_menu_item:contains('${type}')`).join(", "),
                run: "click",
            }
        );
    }
    steps.push(
        ...stepUtils.saveForm(),
        {
            content: "Back to the database",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('展示会来場者'):not(:contains('Fields')):not(:contains('の項目'))",
            run: "click",
        }
    );
    return steps;
}

registry.category("web_tour.tours").add("crm_smart_database_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_configuration']",
            run: "click",
        },
        {
            content: "Open the databases",
            trigger: "a[data-menu-xmlid='crm_smart_data.menu_smart_database_config']",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 展示会来場者",
        },
        ...stepUtils.saveForm(),
        {
            content: "Open the Databases menu",
            trigger: "button[data-menu-xmlid='crm_smart_data.menu_smart_databases']",
            run: "click",
        },
        {
            content: "The new database is in the menu at once, without reloading the page",
            trigger: ".o-dropdown--menu .dropdown-item:contains('展示会来場者')",
        },
        {
            content: "Close the menu",
            trigger: "button[data-menu-xmlid='crm_smart_data.menu_smart_databases']",
            run: "click",
        },
        ...addField("会社名"),
        ...addField("人数", ["Whole number", "整数"]),
        {
            content: "The database has two fields",
            trigger: ".o_form_view button[name=action_open_fields].oe_stat_button:contains('2')",
        },
        {
            content: "Open its records",
            trigger: ".o_form_view button[name=action_open_records]",
            run: "click",
        },
        {
            content: "Upload a spreadsheet",
            trigger: ".o_list_view button:contains('Upload'), .o_list_view button:contains('アップロード')",
            run: "click",
        },
        ...chooseCsvSteps(
            "Name,会社名,人数\n山田 太郎,さくらフーズ,2\n鈴木 花子,田中歯科,3\n高橋 健一,小林英会話,1\n",
            "visitors.csv"
        ),
        {
            trigger: ".modal button[name=action_load]",
            run: "click",
        },
        {
            content: "The columns are mapped by label and previewed",
            trigger: ".modal .o_smart_import_preview:contains('鈴木 花子')",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "Three records were created",
            trigger: ".modal .alert-success:contains('3')",
        },
        {
            trigger: ".modal button[name=action_open_records]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('高橋 健一')",
        },
        {
            content: "The cross-tab and the prize draw are in the gear menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_smart_database_cog_item:contains('Cross-tab')",
        },
        {
            content: "Run a prize draw among the visitors",
            trigger: ".o-dropdown--menu .o_smart_database_cog_item:contains('Prize draw')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 来場者プレゼント",
        },
        {
            trigger: ".o_form_view button[name=action_draw]",
            run: "click",
        },
        {
            content: "The draw is recorded with its seed and one winner",
            trigger: ".o_form_view .o_field_widget[name=seed] span:not(:empty)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=winner_ids] .o_data_row",
        },
    ],
});
