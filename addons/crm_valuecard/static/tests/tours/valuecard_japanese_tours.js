import { registry } from "@web/core/registry";
import { askRefundOfLastOperation, findCardOf } from "@crm_valuecard/../tests/tours/valuecard_counter_tour";

/**
 * The value card walked in Japanese: counter staff at the counter and a
 * customer on the portal. Started by tests/test_ui_japanese.py through
 * JapaneseTourCase, whose page watch fails the tour as soon as one of Smart
 * CRM's own English terms shows; these steps check on top that what the
 * counter and the card page say is written in Japanese.
 *
 * Our own elements are found by class or by their Japanese text; core Odoo's
 * (in English when the Odoo source has no Japanese) by class only.
 */

const CUSTOMER = "窓口 花子";
// the code of the customer's coupon, drawn so by the test (only managers read codes)
const COUPON = "CP-KUPN-JA23-4567";
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/** A step checking that the text of ``trigger`` is written in Japanese. */
function inJapanese(trigger, content) {
    return {
        content,
        trigger,
        run() {
            const text = this.anchor.textContent.trim();
            if (!JAPANESE.test(text)) {
                throw new Error(`Not in Japanese: "${text}" (${trigger})`);
            }
        },
    };
}

function typeAmount(amount) {
    return { trigger: ".o_valuecard_counter_amount", run: `edit ${amount}` };
}

function balances(paid, bonus) {
    return {
        content: `Balances: paid ${paid}, bonus ${bonus}`,
        trigger: `.o_valuecard_counter_card:has(.o_valuecard_balance_paid[data-value='${paid}']):has(.o_valuecard_balance_bonus[data-value='${bonus}'])`,
    };
}

function receiptOffered() {
    return [
        inJapanese(".o_valuecard_counter_result:contains(記帳しました)", "The operation is posted, said in Japanese"),
        {
            content: "The receipt opens in a tab of its own, so the counter keeps its card",
            trigger: ".o_valuecard_counter_result a.o_valuecard_counter_print[target=_blank][href^='/report/html/crm_valuecard.report_valuecard_receipt/']:contains(レシート印刷)",
        },
    ];
}

registry.category("web_tour.tours").add("crm_valuecard_counter_ja_tour", {
    steps: () => [
        {
            content: "Counter staff land on the counter",
            trigger: ".o_valuecard_counter h2:contains(窓口)",
        },
        {
            content: "Name the register",
            trigger: ".o_valuecard_counter_terminal",
            run: "edit 新宿店 2番レジ",
        },
        {
            content: "A number that is no card",
            trigger: ".o_valuecard_counter_code",
            run: "edit VC0000000000 && press Enter",
        },
        inJapanese(".o_valuecard_counter_error:contains(VC0000000000)", "is refused in Japanese"),
        ...findCardOf(CUSTOMER),
        inJapanese(".o_valuecard_counter_card .o_valuecard_counter_state", "The card's state"),
        // charge: the bonus of the best rule shows while the amount is typed
        {
            trigger: ".o_valuecard_counter_mode[data-operation=charge]:contains(チャージ)",
            run: "click",
        },
        typeAmount(3000),
        {
            content: "¥3,000 only reaches the ¥1,000 rule",
            trigger: ".o_valuecard_counter_bonus_preview[data-bonus='100'][data-total='3100']",
        },
        typeAmount(5000),
        {
            content: "¥5,000 reaches the better rule, before anything is charged",
            trigger: ".o_valuecard_counter_bonus_preview[data-bonus='500'][data-total='5500']:contains(5,500):contains(5,000円以上のチャージで500円プレゼント)",
        },
        inJapanese(".o_valuecard_counter_bonus_preview", "The bonus preview"),
        balances(0, 0),
        {
            trigger: ".o_valuecard_counter_submit[data-operation=charge]:enabled:contains(チャージ)",
            run: "click",
        },
        balances(5000, 500),
        ...receiptOffered(),
        // pay: more than the card holds is refused, in Japanese
        {
            trigger: ".o_valuecard_counter_mode[data-operation=pay]:contains(支払)",
            run: "click",
        },
        typeAmount(9000),
        {
            trigger: ".o_valuecard_counter_submit[data-operation=pay]:enabled",
            run: "click",
        },
        inJapanese(".o_valuecard_counter_error:contains(足りません):contains(5,500):contains(9,000)",
            "Paying more than the balance is refused, in Japanese and with the amounts"),
        balances(5000, 500),
        // pay a purchase of ¥1,500 with the customer's ¥300 coupon
        typeAmount(1500),
        {
            content: "Scan the customer's coupon (its code, as the customer's phone shows it)",
            trigger: ".o_valuecard_counter_coupon",
            run: `edit ${COUPON} && press Enter`,
        },
        inJapanese(".o_valuecard_counter_coupon_preview[data-discount='300'][data-to-pay='1200']:contains(誕生日クーポン):contains(1,200)",
            "What the coupon takes off, before paying"),
        {
            trigger: ".o_valuecard_counter_submit[data-operation=pay]:enabled:contains(支払)",
            run: "click",
        },
        {
            content: "The bonus, which expires, is spent first",
            ...balances(4300, 0),
        },
        inJapanese(".o_valuecard_counter_result_coupon[data-discount='300']:contains(お買い上げ):contains(1,500)", "The coupon used, in one sentence"),
        ...receiptOffered(),
        inJapanese(".o_valuecard_counter_entries tr[data-kind=payment] .o_valuecard_counter_entry_coupon", "The coupon beside its payment"),
        inJapanese(".o_valuecard_counter_entries tr[data-kind=payment] td:nth-child(2)", "The kinds of the last entries"),
        // refund: nothing moves before the cashier confirms what comes back to which balance
        {
            content: "Refund, in Japanese",
            trigger: ".o_valuecard_counter_mode[data-operation=refund]:contains(返金)",
        },
        ...askRefundOfLastOperation(),
        inJapanese(".o_valuecard_counter_refund_preview[data-paid='700'][data-bonus='500'] .o_valuecard_counter_refund_question:contains(返金しますか)",
            "The confirmation asks in Japanese"),
        {
            content: "and shows the amount per balance",
            trigger: ".o_valuecard_counter_refund_preview",
            run() {
                const lines = [...this.anchor.querySelectorAll(".o_valuecard_counter_refund_line")];
                const shown = Object.fromEntries(lines.map((line) => [line.dataset.bucket, line.textContent]));
                if (Object.keys(shown).sort().join() !== "bonus,paid"
                        || !shown.paid.includes("700") || !shown.bonus.includes("500")
                        || lines.some((line) => !JAPANESE.test(line.textContent.split(":")[0]))) {
                    throw new Error(`The refund confirmation shows ${JSON.stringify(shown)}`);
                }
            },
        },
        {
            content: "Nothing is refunded yet",
            ...balances(4300, 0),
        },
        {
            trigger: ".o_valuecard_counter_refund_confirm:enabled:contains(返金を確定)",
            run: "click",
        },
        balances(5000, 500),
        ...receiptOffered(),
        {
            trigger: ".o_valuecard_counter_entries tr[data-kind=refund]",
        },
        // points: earned on a purchase (¥1 point per ¥100), then used
        {
            trigger: ".o_valuecard_counter_mode[data-operation=earn_points]:contains(ポイント付与)",
            run: "click",
        },
        typeAmount(1200),
        {
            trigger: ".o_valuecard_counter_submit[data-operation=earn_points]:enabled",
            run: "click",
        },
        {
            trigger: ".o_valuecard_counter_card .o_valuecard_balance_points[data-value='12']",
        },
        {
            trigger: ".o_valuecard_counter_mode[data-operation=redeem_points]:contains(ポイント利用)",
            run: "click",
        },
        {
            content: "More points than the card holds are refused, in Japanese",
            trigger: ".o_valuecard_counter_amount[placeholder=ポイント]",
            run: "edit 50",
        },
        {
            trigger: ".o_valuecard_counter_submit[data-operation=redeem_points]:enabled",
            run: "click",
        },
        inJapanese(".o_valuecard_counter_error", "The refusal"),
        typeAmount(5),
        {
            trigger: ".o_valuecard_counter_submit[data-operation=redeem_points]:enabled",
            run: "click",
        },
        {
            trigger: ".o_valuecard_counter_card .o_valuecard_balance_points[data-value='7']",
        },
        inJapanese(".o_valuecard_counter_entries tr[data-kind=points_redeemed] td:nth-child(2)", "The kind of the entry"),
        {
            content: "Next customer",
            trigger: ".o_valuecard_counter_clear:contains(次のお客様)",
            run: "click",
        },
        {
            trigger: ".o_valuecard_counter:not(:has(.o_valuecard_counter_card)) .o_valuecard_counter_code",
        },
    ],
});

registry.category("web_tour.tours").add("crm_valuecard_portal_ja_tour", {
    steps: () => [
        {
            content: "The value-card tile of the customer's portal",
            trigger: ".o_portal_index_card a[href='/my/valuecards']:contains(マイバリューカード):contains(会員証・残高・利用履歴を表示します)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Only the customer's own card is listed",
            trigger: ".o_valuecard_portal_list",
            run() {
                const cards = this.anchor.querySelectorAll(".o_valuecard_portal_card");
                if (cards.length !== 1 || document.body.textContent.includes("別の 顧客")) {
                    throw new Error(`The list shows ${this.anchor.textContent}`);
                }
            },
        },
        inJapanese(".o_valuecard_portal_card .badge", "The card's state"),
        {
            trigger: ".o_valuecard_portal_card:contains(5,300)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The member card: the QR code and the barcode the counter scans",
            trigger: ".o_valuecard_portal_member_card img.o_valuecard_member_qr[src^='data:image/png'] ~ img.o_valuecard_member_barcode[src^='data:image/png']",
        },
        inJapanese(".o_valuecard_portal_member_card p:contains(レジでご提示ください)", "What the code is for"),
        {
            content: "The balances",
            trigger: ".o_valuecard_member_balances .o_valuecard_balance_paid:contains(5,000)",
        },
        {
            trigger: ".o_valuecard_member_balances .o_valuecard_balance_bonus:contains(300)",
        },
        {
            content: "The customer's coupon, with its code to show at the counter",
            trigger: ".o_valuecard_member_coupon:contains(誕生日クーポン):contains(300):contains(引き) .o_valuecard_member_coupon_code",
        },
        {
            content: "The history, newest first, each line in Japanese",
            trigger: ".o_valuecard_member_history",
            run() {
                const lines = [...this.anchor.querySelectorAll("li[data-kind]")];
                const kinds = lines.map((line) => line.dataset.kind).join();
                if (kinds !== "payment,bonus,charge") {
                    throw new Error(`The history shows ${kinds}`);
                }
                for (const line of lines) {
                    if (!JAPANESE.test(line.querySelector(".fw-bold").textContent)) {
                        throw new Error(`A history line is not in Japanese: ${line.textContent}`);
                    }
                }
            },
        },
        inJapanese(".o_valuecard_member_lots li", "When the balance expires"),
        {
            content: "The customer renews the member code",
            trigger: ".o_valuecard_member_renew button[type=submit]:contains(会員証コードを再発行する)",
            run: "click",
            expectUnloadPage: true,
        },
        inJapanese(".o_valuecard_member_renewed", "The code is renewed, said in Japanese"),
        {
            content: "Nothing of another customer",
            trigger: ".o_valuecard_member_number",
            run() {
                const text = document.body.textContent;
                for (const other of ["別の 顧客", "77,777", "他人のクーポン"]) {
                    if (text.includes(other)) {
                        throw new Error(`The card page shows ${other}`);
                    }
                }
            },
        },
    ],
});
