import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_smart_field_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        {
            content: "Open the configuration menu",
            trigger: "button[data-menu-xmlid='crm_smart_base.menu_smart_configuration']",
            run: "click",
        },
        {
            content: "Open the customer fields",
            trigger: "a[data-menu-xmlid='crm_smart_data.menu_smart_field']",
            run: "click",
        },
        {
            content: "The demo fields are listed with a drag handle",
            trigger: ".o_list_view .o_data_row:contains('会員ランク') .o_row_handle",
        },
        {
            content: "Add a field",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=label] input",
            run: "edit Shoe Size",
        },
        {
            content: "Choose the type: whole number",
            trigger: ".o_field_widget[name=field_type] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('整数')",
            run: "click",
        },
        {
            content: "The preview shows a whole number",
            trigger: ".o_field_widget[name=preview]:contains('Shoe Size'):contains('42')",
        },
        {
            trigger: ".o_field_widget[name=section] input",
            run: "edit Profile",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The technical name is generated",
            trigger: ".o_field_widget[name=name]:contains('x_shoe_size')",
        },
        {
            content: "Back to the customers",
            trigger: "a[data-menu-xmlid='crm_smart_base.menu_smart_customers']",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('株式会社さくらフーズ')",
            run: "click",
        },
        {
            content: "The Smart CRM page holds the new field",
            trigger: ".o_notebook .nav-link[name=smart_fields]",
            run: "click",
        },
        {
            content: "A phone number stored in E.164 is shown and edited in the national format",
            trigger: ".o_notebook .o_field_widget[name=x_mobile] input.o_smart_phone_national:value('090-1234-5678')",
        },
        {
            trigger: ".o_notebook .o_field_widget[name=x_shoe_size] input",
            run: "edit 24",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The value is saved",
            trigger: ".o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("crm_smart_field_change_tour", {
    url: "/odoo/action-crm_smart_data.smart_field_action",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row:contains('Visit Count') .o_data_cell[name=label]",
            run: "click",
        },
        {
            content: "Change the type of the field",
            trigger: ".o_form_view button[name=action_open_type_change]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=new_type] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "Whole number becomes decimal",
            trigger: ".o_select_menu_item:contains('小数')",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_preview]",
            run: "click",
        },
        {
            content: "The preview says every value converts",
            trigger: ".modal .alert-success:visible",
        },
        {
            trigger: ".modal button[name=action_convert]",
            run: "click",
        },
        {
            content: "Confirm the conversion",
            trigger: ".modal:not(.o_inactive_modal) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The field is a decimal now",
            trigger: ".o_form_view .o_field_widget[name=field_type]:contains('小数')",
        },
        {
            content: "Delete the field",
            trigger: ".o_form_view button[name=action_open_delete]",
            run: "click",
        },
        {
            content: "The dialog counts the values and offers their export",
            trigger: ".modal .o_field_widget[name=warning]:contains(': 1 ')",
        },
        {
            trigger: ".modal button[name=action_export]",
        },
        {
            trigger: ".modal .o_field_widget[name=confirm] input",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_delete]",
            run: "click",
        },
        {
            content: "Back to the list, without the field",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Visit Count')))",
        },
    ],
});
