import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_survey_link_tour", {
    steps: () => [
        {
            content: "Open the question",
            trigger: ".o_field_widget[name=question_and_page_ids] .o_data_row:contains('お住まいの市区町村') .o_data_cell[name=title]",
            run: "click",
        },
        {
            content: "Open the Smart CRM tab of the question",
            trigger: ".modal .o_notebook .nav-link[name=smart_crm]",
            run: "click",
        },
        {
            content: "Link the question to the customer's city",
            trigger: ".modal .o_field_widget[name=partner_field_id] input",
            run: "edit city",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('City')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=partner_field_id] input:value(City)",
        },
        {
            content: "Save the question",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The survey's Smart CRM tab lists the link",
            trigger: ".o_action_manager .o_form_view .o_notebook .nav-link[name=smart_crm]",
            run: "click",
        },
        {
            trigger: ".o_action_manager .o_field_widget[name=question_ids] .o_data_row:contains('City')",
        },
        {
            content: "Saving the question saved the survey",
            trigger: ".o_form_view .o_form_status_indicator_buttons.invisible:not(:visible)",
        },
    ],
});

registry.category("web_tour.tours").add("crm_survey_answer_tour", {
    steps: () => [
        {
            content: "Start the survey from the personal link",
            trigger: "button.btn:contains('Start')",
            run: "click",
        },
        {
            content: "Answer the linked question",
            trigger: "div.js_question-wrapper:contains('お住まいの市区町村') input",
            run: "edit 札幌市",
        },
        {
            trigger: "button[value=finish]",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Thank you",
            trigger: "h1:contains('Thank you')",
        },
    ],
});

registry.category("web_tour.tours").add("crm_survey_profile_tour", {
    steps: () => [
        {
            content: "The customer's profile shows the answer",
            trigger: ".o_form_view .o_field_widget[name=city] input:value(札幌市)",
        },
        {
            content: "and its history says where it came from",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('札幌市')",
        },
    ],
});
