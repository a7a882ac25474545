import { ConnectionLostError, rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

const CUSTOMER = "窓口 テスト";

/**
 * Steps typing the number of ``customer``'s card at the counter and pressing
 * Enter, as a keyboard-wedge scanner does, until the card is shown.
 */
export function findCardOf(customer) {
    return [
        {
            content: "Type the card number and press Enter, as a keyboard-wedge scanner does",
            trigger: ".o_valuecard_counter_code",
            async run(helpers) {
                const [card] = await rpc("/web/dataset/call_kw/valuecard.card/search_read", {
                    model: "valuecard.card",
                    method: "search_read",
                    args: [[["partner_id.name", "=", customer]], ["number"]],
                    kwargs: { limit: 1 },
                });
                await helpers.edit(card.number);
                await helpers.press("Enter");
            },
        },
        {
            content: "The card and its customer are shown",
            trigger: `.o_valuecard_counter_card .o_valuecard_counter_partner:contains(${customer})`,
        },
    ];
}

/**
 * Steps choosing Refund, which offers the reference of the operation just
 * posted, and asking for it: the counter then shows what it would move.
 */
export function askRefundOfLastOperation() {
    return [
        {
            content: "Refund offers the reference of the operation just posted",
            trigger: ".o_valuecard_counter_mode[data-operation=refund]",
            run: "click",
        },
        {
            trigger: ".o_valuecard_counter_reference",
            run() {
                if (!this.anchor.value.startsWith("CTR-")) {
                    throw new Error(`Unexpected reference to refund: ${this.anchor.value}`);
                }
            },
        },
        {
            trigger: ".o_valuecard_counter_submit[data-operation=refund]:enabled",
            run: "click",
        },
    ];
}

function operate(operation, amount, expectedPaid) {
    const steps = [
        {
            content: `Choose ${operation}`,
            trigger: `.o_valuecard_counter_mode[data-operation=${operation}]`,
            run: "click",
        },
    ];
    if (amount !== undefined) {
        steps.push({
            trigger: ".o_valuecard_counter_amount",
            run: `edit ${amount}`,
        });
    }
    if (operation === "charge") {
        steps.push({
            content: "What the charge adds is shown before charging (no rule here: no bonus)",
            trigger: `.o_valuecard_counter_bonus_preview[data-bonus='0'][data-total='${amount}']`,
        });
    }
    steps.push(
        {
            content: `Post the ${operation}, twice as an impatient cashier would`,
            trigger: `.o_valuecard_counter_submit[data-operation=${operation}]:enabled`,
            run: "dblclick",
        },
        {
            content: `The balances after the ${operation}`,
            trigger: `.o_valuecard_counter_card .o_valuecard_balance_paid[data-value='${expectedPaid}']`,
        },
        {
            content: "The receipt opens in a tab of its own, as a printable web page",
            trigger: ".o_valuecard_counter_result a.o_valuecard_counter_print[target=_blank][href^='/report/html/crm_valuecard.report_valuecard_receipt/']",
        }
    );
    return steps;
}

registry.category("web_tour.tours").add("crm_valuecard_counter_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Counter staff land on the counter screen",
            trigger: ".o_valuecard_counter .o_valuecard_counter_code",
        },
        {
            content: "Name the register",
            trigger: ".o_valuecard_counter_terminal",
            run: "edit 渋谷店 1番レジ",
        },
        {
            content: "An unknown number is refused clearly",
            trigger: ".o_valuecard_counter_code",
            run: "edit VC0000000000 && press Enter",
        },
        {
            trigger: ".o_valuecard_counter_error",
        },
        ...findCardOf(CUSTOMER),
        ...operate("charge", 5000, 5000),
        {
            content: "Choose pay",
            trigger: ".o_valuecard_counter_mode[data-operation=pay]",
            run: "click",
        },
        {
            trigger: ".o_valuecard_counter_amount",
            run: "edit 1200",
        },
        {
            content: "The connection drops once the server has posted the payment",
            trigger: ".o_valuecard_counter_submit[data-operation=pay]:enabled",
            run() {
                const original = rpc._rpc;
                rpc._rpc = function (url, ...args) {
                    const result = original.call(this, url, ...args);
                    if (!url.endsWith("/valuecard.card/pay")) {
                        return result;
                    }
                    rpc._rpc = original;
                    return result.then(() => Promise.reject(new ConnectionLostError(url)));
                };
            },
        },
        {
            trigger: ".o_valuecard_counter_submit[data-operation=pay]:enabled",
            run: "click",
        },
        {
            content: "The cashier is told that the connection was lost",
            trigger: ".o_valuecard_counter_error",
        },
        {
            content: "The cashier tries again",
            trigger: ".o_valuecard_counter_submit[data-operation=pay]:enabled",
            run: "click",
        },
        {
            content: "The retry returns the payment already posted instead of paying twice",
            trigger: ".o_valuecard_counter_result .o_valuecard_counter_replayed",
        },
        {
            trigger: ".o_valuecard_counter_card .o_valuecard_balance_paid[data-value='3800']",
        },
        ...askRefundOfLastOperation(),
        {
            content: "Nothing is refunded before the cashier confirms",
            trigger: ".o_valuecard_counter_refund_preview .o_valuecard_counter_refund_line",
            run() {
                const preview = this.anchor.closest(".o_valuecard_counter_refund_preview");
                const back = Number(preview.dataset.paid) + Number(preview.dataset.bonus);
                if (back !== 1200 || !preview.textContent.includes("1,200")) {
                    throw new Error(`The refund confirmation shows ${preview.textContent}`);
                }
                const paid = document.querySelector(".o_valuecard_counter_card .o_valuecard_balance_paid");
                if (paid.dataset.value !== "3800") {
                    throw new Error("The refund was posted before it was confirmed");
                }
            },
        },
        {
            trigger: ".o_valuecard_counter_refund_confirm:enabled",
            run: "click",
        },
        {
            content: "The payment is refunded",
            trigger: ".o_valuecard_counter_card .o_valuecard_balance_paid[data-value='5000']",
        },
        {
            trigger: ".o_valuecard_counter_entries tr[data-kind=refund]",
        },
    ],
});
