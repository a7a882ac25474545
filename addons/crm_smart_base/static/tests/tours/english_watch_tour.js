import { registry } from "@web/core/registry";

/**
 * Proves the English watch of Japanese tours reacts: a Smart CRM label and a
 * sentence of a Smart CRM message put on the page are reported, Japanese text
 * and core Odoo's English are not.
 */
async function reported(text) {
    const errors = [];
    const original = console.error;
    console.error = (...args) => errors.push(args.join(" "));
    const node = document.createElement("div");
    node.textContent = text;
    try {
        document.body.appendChild(node);
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
        node.remove();
        console.error = original;
    }
    return errors;
}

registry.category("web_tour.tours").add("crm_smart_base_english_watch_tour", {
    steps: () => [
        {
            content: "The page is watched",
            trigger: ".o_main_navbar",
            run: async () => {
                if (!window.__smartCrmEnglishWatch) {
                    throw new Error("The English watch is not installed");
                }
                const checks = [
                    ["Rejected rows", true],
                    ["行 3: 2024年2月30日 is a date that does not exist", true],
                    ["却下された行", false],
                    ["Created by", false],
                ];
                for (const [text, expected] of checks) {
                    const errors = await reported(text);
                    if ((errors.length > 0) !== expected) {
                        throw new Error(`"${text}" ${expected ? "was not" : "was"} reported: ${errors}`);
                    }
                }
            },
        },
    ],
});
