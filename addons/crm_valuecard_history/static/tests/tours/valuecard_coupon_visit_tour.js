import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

const CUSTOMER = "クーポン 来店客";

async function searchRead(model, domain, fields) {
    return rpc(`/web/dataset/call_kw/${model}/search_read`, {
        model,
        method: "search_read",
        args: [domain, fields],
        kwargs: { limit: 1 },
    });
}

registry.category("web_tour.tours").add("crm_valuecard_coupon_visit_tour", {
    url: "/odoo/action-crm_valuecard.action_valuecard_counter",
    steps: () => [
        {
            content: "Name the register",
            trigger: ".o_valuecard_counter_terminal",
            run: "edit 本店 1番レジ",
        },
        {
            content: "Scan the customer's card",
            trigger: ".o_valuecard_counter_code",
            async run(helpers) {
                const [card] = await searchRead("valuecard.card", [["partner_id.name", "=", CUSTOMER]], ["number"]);
                await helpers.edit(card.number);
                await helpers.press("Enter");
            },
        },
        {
            trigger: `.o_valuecard_counter_card .o_valuecard_counter_partner:contains(${CUSTOMER})`,
        },
        {
            trigger: ".o_valuecard_counter_card .o_valuecard_balance_paid[data-value='10000']",
        },
        {
            content: "Choose pay",
            trigger: ".o_valuecard_counter_mode[data-operation=pay]",
            run: "click",
        },
        {
            content: "The purchase comes to ¥3,000",
            trigger: ".o_valuecard_counter_amount",
            run: "edit 3000",
        },
        {
            content: "Type the coupon the customer shows on the phone",
            trigger: ".o_valuecard_counter_coupon",
            async run(helpers) {
                const [coupon] = await searchRead("valuecard.coupon", [["partner_id.name", "=", CUSTOMER]], ["code"]);
                await helpers.edit(coupon.code.toLowerCase());
                await helpers.press("Enter");
            },
        },
        {
            content: "The counter shows the discount and what the card pays",
            trigger: ".o_valuecard_counter_coupon_preview[data-discount='500'][data-to-pay='2500']",
        },
        {
            trigger: ".o_valuecard_counter_submit[data-operation=pay]:enabled",
            run: "click",
        },
        {
            content: "The card paid the remainder",
            trigger: ".o_valuecard_counter_result .o_valuecard_counter_result_coupon[data-discount='500']",
        },
        {
            trigger: ".o_valuecard_counter_card .o_valuecard_balance_paid[data-value='7500']",
        },
        {
            content: "The ledger entry of the payment shows its coupon",
            trigger: ".o_valuecard_counter_entries tr[data-kind=payment] .o_valuecard_counter_entry_coupon",
        },
        {
            content: "Open the customer",
            trigger: ".o_valuecard_counter_result",
            expectUnloadPage: true,
            async run(helpers) {
                const [partner] = await searchRead("res.partner", [["name", "=", CUSTOMER]], ["id"]);
                await helpers.goToUrl(`/odoo/res.partner/${partner.id}`);
            },
        },
        {
            trigger: ".o_form_view .o_notebook a.nav-link[name='smart_history']",
            run: "click",
        },
        {
            content: "The customer's view shows the visit of the payment",
            trigger: ".o_field_widget[name='smart_visit_ids'] .o_data_row:contains('2,500'):contains('本店 1番レジ'):contains('3,000')",
        },
        {
            trigger: ".o_field_widget[name='smart_timeline_html'] table td:contains('2,500')",
        },
        {
            content: "Before the recompute: the one earlier purchase",
            trigger: ".o_field_widget[name='smart_purchase_count']:contains('1')",
        },
        {
            trigger: ".o_field_widget[name='smart_monetary']:contains('4,000')",
        },
        {
            content: "Recompute the customer values",
            trigger: "button[name='action_recompute_smart_value']",
            run: "click",
        },
        {
            content: "RFM figures now count the coupon visit",
            trigger: ".o_field_widget[name='smart_purchase_count']:contains('2')",
        },
        {
            trigger: ".o_field_widget[name='smart_monetary']:contains('6,500')",
        },
        {
            trigger: ".o_field_widget[name='smart_recency_days']:contains('0')",
        },
    ],
});
