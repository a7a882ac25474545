import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { smartMenuSteps } from "@crm_smart_base/../tests/tours/smart_tour_utils";

/**
 * A Smart CRM administrator working in Japanese adds a customer field and a
 * database, and uses the database's generated screens. Walked with the English
 * watch of crm_smart_base (tests/test_smart_admin_japanese_ui.py): any English
 * term of Smart CRM's own on these screens fails the tour. Core Odoo buttons
 * are selected by class, Smart CRM's own elements by name or Japanese text.
 */
function openConfigurationSteps(menuXmlid, description) {
    return smartMenuSteps("crm_smart_base.menu_smart_configuration", menuXmlid, description);
}

function chooseTypeSteps(typeLabel) {
    return [
        {
            trigger: ".o_field_widget[name=field_type] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: `.o_select_menu_item:contains('${typeLabel}')`,
            run: "click",
        },
    ];
}

function addChoiceSteps(label, position) {
    const row = `.o_field_widget[name=choice_ids] .o_data_row:nth-child(${position})`;
    return [
        {
            trigger: ".o_field_widget[name=choice_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: `Add the choice ${label} as the row ${position}`,
            trigger: `${row}.o_selected_row .o_field_widget[name=label] input`,
            run: `edit ${label}`,
        },
    ];
}

registry.category("web_tour.tours").add("crm_smart_admin_japanese_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        ...openConfigurationSteps("crm_smart_data.menu_smart_field", "Open the customer fields"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=label] input",
            run: "edit 会員区分",
        },
        ...chooseTypeSteps("単一選択"),
        {
            content: "Give the technical name",
            trigger: ".o_field_widget[name=name] input",
            run: "edit x_member_class",
        },
        {
            content: "The choices of a single choice field",
            trigger: ".o_notebook .nav-link[name=choices]",
            run: "click",
        },
        ...addChoiceSteps("プラチナ", 1),
        ...addChoiceSteps("一般", 2),
        {
            content: "Leave the row, before the page of the choices is left",
            trigger: ".o_field_widget[name=choice_ids] .o_data_row:nth-child(1) td[name=label]",
            run: "click",
        },
        {
            content: "Both choices are listed",
            trigger: ".o_field_widget[name=choice_ids] .o_data_row:nth-child(2):not(.o_selected_row) td[name=label]:contains('一般')",
        },
        {
            content: "Open the behaviour page, with its help placeholder",
            trigger: ".o_notebook .nav-link[name=behaviour]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=help] textarea",
            run: "edit 会員の種類",
        },
        ...stepUtils.saveForm(),
        {
            content: "The field keeps the technical name given",
            trigger: ".o_field_widget[name=name]:contains('x_member_class')",
        },
        {
            content: "Back to the customers",
            trigger: "a[data-menu-xmlid='crm_smart_base.menu_smart_customers']",
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit つばさ商事",
        },
        {
            trigger: ".o_searchview_autocomplete .o-dropdown-item.focus",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('株式会社つばさ商事')",
            run: "click",
        },
        {
            content: "The customer form has the new field on its Smart CRM page",
            trigger: ".o_notebook .nav-link[name=smart_fields]",
            run: "click",
        },
        {
            trigger: ".o_notebook .o_field_widget[name=x_member_class] input",
            run: "edit プラチナ",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains('プラチナ')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        ...openConfigurationSteps("crm_smart_data.menu_smart_database_config", "Open the databases"),
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit 試食会参加者",
        },
        {
            content: "Link the records to a customer",
            trigger: ".o_field_widget[name=partner_link] input",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Open the Databases menu",
            trigger: "button[data-menu-xmlid='crm_smart_data.menu_smart_databases']",
            run: "click",
        },
        {
            content: "The new database is in the menu at once, without reloading the page",
            trigger: ".o-dropdown--menu .dropdown-item:contains('試食会参加者')",
        },
        {
            content: "Close the menu",
            trigger: "button[data-menu-xmlid='crm_smart_data.menu_smart_databases']",
            run: "click",
        },
        {
            content: "Open the fields of the database",
            trigger: ".o_form_view button[name=action_open_fields]:not(.oe_stat_button)",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=label] input",
            run: "edit 参加人数",
        },
        ...chooseTypeSteps("整数"),
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit x_guests",
        },
        ...stepUtils.saveForm(),
        {
            content: "Back to the database",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('試食会参加者'):not(:contains('の項目'))",
            run: "click",
        },
        {
            content: "Open its records",
            trigger: ".o_form_view button[name=action_open_records]",
            run: "click",
        },
        {
            content: "The empty list explains how to start",
            trigger: ".o_view_nocontent",
        },
        {
            content: "The cross-tab and the prize draw are in the gear menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_smart_database_cog_item:contains('クロス集計')",
        },
        {
            trigger: ".o-dropdown--menu .o_smart_database_cog_item:contains('抽選')",
        },
        {
            content: "Search any text: the search offers it in Japanese",
            trigger: ".o_searchview_input",
            run: "edit 山田",
        },
        {
            trigger: ".o_searchview_autocomplete .o-dropdown-item:contains('すべてのテキスト')",
        },
        {
            content: "Clear the search",
            trigger: ".o_searchview_input",
            run: "clear",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=x_name] input",
            run: "edit 山田 太郎",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=x_partner_id] input",
            run: "edit つばさ",
        },
        {
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains('株式会社つばさ商事')",
            run: "click",
        },
        {
            content: "The fields of the database are on its details page",
            trigger: ".o_notebook .nav-link[name=smart_fields]",
            run: "click",
        },
        {
            trigger: ".o_notebook .o_field_widget[name=x_guests] input",
            run: "edit 3",
        },
        ...stepUtils.saveForm(),
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button a",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('山田 太郎')",
        },
        {
            content: "Open the upload dialog",
            trigger: ".o_list_view button:contains('アップロード')",
            run: "click",
        },
        {
            content: "The upload dialog asks for a file",
            trigger: ".modal .o_field_widget[name=file]",
        },
        {
            content: "Close it without uploading",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
