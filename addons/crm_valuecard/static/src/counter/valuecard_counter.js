import { Component, onMounted, useRef, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { formatCurrency } from "@web/core/currency";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const TERMINAL_KEY = "crm_valuecard.counter_terminal";
// a coupon code (CP-XXXX-XXXX-XXXX) scanned or typed with its first hyphen, in
// half- or full-width letters; a card number never has a hyphen after its prefix
// when it is scanned
const COUPON_RE = /^\s*[CcＣｃ][PpＰｐ][\s\-ー－][0-9A-Za-z０-９Ａ-Ｚａ-ｚ]{4}[\s\-ー－]/;

/**
 * The counter screen: scan the member card (a keyboard-wedge scanner types the
 * code and presses Enter) or type the card number, then run an operation.
 *
 * All the business rules live in the card's public operations; this screen
 * only calls them. Every attempt carries a reference generated here and kept
 * for a retry of the same operation, so that a double click or a retry after a
 * lost connection posts once (the server returns the first result).
 */
export class ValuecardCounter extends Component {
    static template = "crm_valuecard.Counter";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.codeInput = useRef("codeInput");
        this.amountInput = useRef("amountInput");
        const yen = _t("Amount (yen)");
        const points = _t("Points");
        this.operations = [
            { name: "charge", label: _t("Charge"), input: "yen", placeholder: yen, className: "btn-primary" },
            { name: "pay", label: _t("Pay"), input: "yen", placeholder: yen, className: "btn-success" },
            { name: "refund", label: _t("Refund"), input: "reference", className: "btn-warning" },
            { name: "earn_points", label: _t("Earn points"), input: "yen", placeholder: yen, className: "btn-info" },
            { name: "redeem_points", label: _t("Redeem points"), input: "points", placeholder: points, className: "btn-secondary" },
        ];
        this.state = useState({
            code: "",
            card: null,
            operation: "charge",
            amount: "",
            refundReference: "",
            coupon: "",
            couponPreview: null,
            refundPreview: null,
            bonusPreview: null,
            terminal: browser.localStorage.getItem(TERMINAL_KEY) || "",
            busy: false,
            error: "",
            result: null,
        });
        // The attempt a retry must repeat with the same reference.
        this.pending = null;
        onMounted(() => this.focusCode());
    }

    get currentOperation() {
        return this.operations.find((op) => op.name === this.state.operation);
    }

    formatYen(amount) {
        return formatCurrency(amount, this.state.card && this.state.card.currency_id);
    }

    focusCode() {
        this.codeInput.el?.focus();
        this.codeInput.el?.select();
    }

    newReference() {
        const random = Math.random().toString(36).slice(2, 10);
        return `CTR-${Date.now().toString(36)}-${random}`.toUpperCase();
    }

    onTerminalChange(ev) {
        this.state.terminal = ev.target.value.trim();
        browser.localStorage.setItem(TERMINAL_KEY, this.state.terminal);
    }

    onCodeKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.lookup();
        }
    }

    onAmountKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.submit();
        }
    }

    async lookup() {
        const code = this.state.code.trim();
        if (!code || this.state.busy) {
            return;
        }
        if (this.state.card && COUPON_RE.test(code)) {
            // a coupon scanned while a card is shown: it goes with the payment
            this.state.code = "";
            this.state.coupon = code;
            this.selectOperation("pay");
            return this.previewCoupon();
        }
        await this.run(async () => {
            this.setCard(await this.orm.call("valuecard.card", "counter_lookup", [code]));
            this.state.code = "";
            this.state.result = null;
        });
        if (this.state.card) {
            this.amountInput.el?.focus();
        }
    }

    setCard(card) {
        if (!this.state.card || !card || this.state.card.id !== card.id) {
            this.pending = null;
            this.state.refundPreview = null;
            this.state.bonusPreview = null;
        }
        this.state.card = card;
    }

    clearCard() {
        this.setCard(null);
        this.state.result = null;
        this.state.error = "";
        this.state.amount = "";
        this.state.refundReference = "";
        this.clearCoupon();
        this.focusCode();
    }

    clearCoupon() {
        this.state.coupon = "";
        this.state.couponPreview = null;
    }

    /**
     * Show what the coupon takes off the amount typed, before paying. This
     * runs beside the operations (the field loses the focus when the cashier
     * clicks Pay): it never blocks them, and an answer to inputs that have
     * changed since is dropped.
     */
    async previewCoupon() {
        const card = this.state.card;
        const coupon = this.state.coupon.trim();
        const amount = this.amountValue();
        const key = JSON.stringify([card && card.id, coupon, amount]);
        const current = () => JSON.stringify([this.state.card && this.state.card.id, this.state.coupon.trim(), this.amountValue()]);
        if (!card || !coupon || !amount) {
            this.state.couponPreview = null;
            return;
        }
        if (this.state.couponPreview && this.state.couponPreview.key === key) {
            return;
        }
        this.state.couponPreview = null;
        try {
            const preview = await this.orm.call("valuecard.card", "counter_coupon_preview", [[card.id]], {
                coupon_code: coupon,
                amount,
            });
            if (current() === key) {
                this.state.couponPreview = { ...preview, key };
                this.state.error = "";
            }
        } catch (error) {
            if (error instanceof RPCError) {
                if (current() === key) {
                    this.state.error = error.data?.message || error.message;
                }
            } else if (!(error instanceof ConnectionLostError)) {
                throw error;
            }
        }
    }

    /**
     * Show what the best charge rule adds to the amount being typed, before
     * charging. Like the coupon preview it never blocks the operation, and an
     * answer to an amount that has changed since is dropped.
     */
    async previewBonus() {
        const card = this.state.card;
        const amount = this.amountValue();
        const key = JSON.stringify([card && card.id, amount]);
        const current = () => JSON.stringify([this.state.card && this.state.card.id, this.amountValue()]);
        if (!card || this.state.operation !== "charge" || !Number.isInteger(amount) || amount <= 0) {
            this.state.bonusPreview = null;
            return;
        }
        if (this.state.bonusPreview && this.state.bonusPreview.key === key) {
            return;
        }
        // never show the bonus of an amount that is no longer the one typed
        this.state.bonusPreview = null;
        try {
            const preview = await this.orm.silent.call("valuecard.card", "counter_charge_preview", [[card.id]], {
                amount,
            });
            if (current() === key && this.state.operation === "charge") {
                this.state.bonusPreview = { ...preview, key };
            }
        } catch (error) {
            if (current() === key) {
                this.state.bonusPreview = null;
            }
            if (!(error instanceof RPCError) && !(error instanceof ConnectionLostError)) {
                throw error;
            }
        }
    }

    onAmountInput() {
        if (this.state.operation === "charge") {
            this.previewBonus();
        }
    }

    onAmountChange() {
        if (this.state.coupon.trim()) {
            this.previewCoupon();
        }
    }

    onCouponKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.previewCoupon();
        }
    }

    amountValue() {
        return Number(this.state.amount.replace(/[,\s]/g, ""));
    }

    /** A payment that carries a coupon code. */
    get withCoupon() {
        return this.state.operation === "pay" && Boolean(this.state.coupon.trim());
    }

    selectOperation(name) {
        this.state.operation = name;
        this.state.error = "";
        this.state.refundPreview = null;
        this.state.bonusPreview = null;
        if (name === "charge") {
            this.previewBonus();
        }
        if (name === "refund" && !this.state.refundReference && this.state.result) {
            this.state.refundReference = this.state.result.reference;
        }
    }

    prepareRefund(reference) {
        this.state.operation = "refund";
        this.state.refundReference = reference;
        this.state.error = "";
        this.state.refundPreview = null;
    }

    /** The keyword arguments of the public operation for the current input. */
    operationKwargs(reference) {
        const op = this.currentOperation;
        const kwargs = { terminal: this.state.terminal || null };
        if (op.input === "reference") {
            kwargs.reference = this.state.refundReference.trim();
            return kwargs;
        }
        const value = this.amountValue();
        const key = { charge: "amount", pay: "amount", earn_points: "amount_spent" }[op.name] || "points";
        kwargs[key] = value;
        kwargs.reference = reference;
        if (this.withCoupon) {
            kwargs.coupon_code = this.state.coupon.trim();
        }
        return kwargs;
    }

    async submit() {
        const card = this.state.card;
        if (!card || this.state.busy) {
            return;
        }
        const op = this.currentOperation;
        if (op.input !== "reference" && /[^\d,.\s]/.test(this.state.amount)) {
            // A member card scanned while the amount field has the focus: find that card.
            this.state.code = this.state.amount;
            this.state.amount = "";
            return this.lookup();
        }
        if (op.name === "refund") {
            return this.previewRefund();
        }
        return this.post();
    }

    /**
     * A refund posts only once the cashier has seen what it moves: ask the
     * server what comes back to which balance, show it, and wait for Confirm.
     */
    async previewRefund() {
        const card = this.state.card;
        const reference = this.state.refundReference.trim();
        this.state.refundPreview = null;
        if (!reference) {
            this.state.error = _t("Type the reference of the operation to refund.");
            return;
        }
        await this.run(async () => {
            const preview = await this.orm.call("valuecard.card", "counter_refund_preview", [[card.id]], {
                reference,
            });
            this.state.refundPreview = { ...preview, cardId: card.id };
        });
    }

    cancelRefund() {
        this.state.refundPreview = null;
    }

    async confirmRefund() {
        const preview = this.state.refundPreview;
        if (!preview || !this.state.card || preview.cardId !== this.state.card.id) {
            return;
        }
        this.state.refundReference = preview.reference;
        this.state.refundPreview = null;
        return this.post();
    }

    async post() {
        const card = this.state.card;
        if (!card || this.state.busy) {
            return;
        }
        const op = this.currentOperation;
        const method = this.withCoupon ? "pay_with_coupon" : op.name;
        const signature = JSON.stringify([card.id, method, this.state.amount, this.state.coupon.trim()]);
        if (!this.pending || this.pending.signature !== signature) {
            this.pending = { signature, reference: this.newReference() };
        }
        const kwargs = this.operationKwargs(this.pending.reference);
        await this.run(async () => {
            const result = await this.orm.call("valuecard.card", method, [[card.id]], kwargs);
            this.pending = null;
            this.state.result = { ...result, label: op.label };
            this.state.amount = "";
            this.state.bonusPreview = null;
            this.clearCoupon();
            this.state.refundReference = "";
            this.setCard(await this.orm.call("valuecard.card", "counter_card_info", [[card.id]]));
        });
    }

    async run(callback) {
        this.state.busy = true;
        this.state.error = "";
        try {
            await callback();
        } catch (error) {
            if (error instanceof RPCError) {
                // The server answered: nothing was written, a new attempt gets a new reference.
                this.pending = null;
                this.state.error = error.data?.message || error.message;
            } else if (error instanceof ConnectionLostError) {
                this.state.error = _t(
                    "The connection was lost. Try again: the operation will not be posted twice."
                );
            } else {
                throw error;
            }
        } finally {
            this.state.busy = false;
        }
    }

    /** The coupon of the payment just posted, in one sentence (each language orders it its own way). */
    get resultCoupon() {
        const result = this.state.result;
        return _t("Coupon %(discount)s on a purchase of %(purchase)s", {
            discount: this.formatYen(-result.discount_amount),
            purchase: this.formatYen(result.purchase_amount),
        });
    }

    /**
     * The receipt of the operation just posted, as a web page laid out for
     * the 80 mm printer: it opens in a tab of its own (the counter and its
     * card stay as they are) and prints from the browser, without the PDF
     * converter.
     */
    get receiptUrl() {
        const result = this.state.result;
        if (!result || !result.entry_ids.length) {
            return "";
        }
        return `/report/html/crm_valuecard.report_valuecard_receipt/${result.entry_ids.join(",")}`;
    }
}

registry.category("actions").add("crm_valuecard.counter", ValuecardCounter);
