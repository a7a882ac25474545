import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_survey_valuecard_profile_tour", {
    steps: () => [
        {
            content: "The customer's profile shows the card the survey issued",
            trigger: ".o_form_view button[name=action_view_valuecards]:contains('1')",
            run: "click",
        },
        {
            content: "and the reward's points on it",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=points]:contains('100')",
        },
    ],
});
