import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_smart_field_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("crm_smart.menu_smart_root", "Open the Smart CRM app"),
        {
            content: "Open the configuration menu",
            trigger: "button[data-menu-xmlid='crm_smart.menu_smart_configuration']",
            run: "click",
        },
        {
            content: "Open the customer fields",
            trigger: "a[data-menu-xmlid='crm_smart.menu_smart_field']",
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
            trigger: "a[data-menu-xmlid='crm_smart.menu_smart_customers']",
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
