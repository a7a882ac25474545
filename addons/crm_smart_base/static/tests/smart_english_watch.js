/**
 * Watches a page walked by a Japanese user for Smart CRM's own English terms.
 *
 * A browser test hands the terms over with ``window.smartCrmWatchEnglish(terms)``
 * (see crm_smart_base/tests/japanese_tour.py); they are kept in the tab's session
 * storage, so every page the tour opens afterwards (web client, portal) keeps
 * watching. Any text, placeholder or tooltip that shows one of the terms is
 * reported with ``console.error``, which fails the test.
 *
 * ``terms.exact``: labels that must not be a whole text of the page (a button,
 * a column, a tab); ``terms.phrases``: longer English wording (sentences and the
 * fixed parts of messages) that must not appear anywhere in a text.
 */
(function () {
    const STORAGE_KEY = "crm_smart_english_terms";
    const ATTRIBUTES = ["placeholder", "title", "aria-label", "data-tooltip"];
    const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "CODE", "PRE"]);

    function normalise(text) {
        return text.replace(/\s+/g, " ").trim().replace(/[:：]$/, "").trim();
    }

    function install(terms) {
        if (window.__smartCrmEnglishWatch) {
            return;
        }
        const exact = new Set(terms.exact);
        const phrases = terms.phrases;
        const reported = new Set();
        window.__smartCrmEnglishWatch = true;

        function check(text, where) {
            const value = normalise(text || "");
            if (!/[A-Za-z]{2}/.test(value)) {
                return;
            }
            const term = exact.has(value) ? value : phrases.find((phrase) => value.includes(phrase));
            if (term && !reported.has(term)) {
                reported.add(term);
                console.error(
                    `Smart CRM shows English to a Japanese user: "${term}" in "${value.slice(0, 200)}" (${where})`
                );
            }
        }

        function describe(element) {
            const parts = [];
            for (let node = element; node && node.tagName && parts.length < 4; node = node.parentElement) {
                const name = node.getAttribute("name") || node.getAttribute("data-name");
                parts.unshift(node.tagName.toLowerCase() + (name ? `[name=${name}]` : ""));
            }
            return parts.join(" > ");
        }

        function skipped(element) {
            return !element || SKIPPED.has(element.tagName) || element.closest(".o_tour_pointer");
        }

        function checkElement(element) {
            if (skipped(element)) {
                return;
            }
            for (const attribute of ATTRIBUTES) {
                if (element.hasAttribute(attribute)) {
                    check(element.getAttribute(attribute), `${attribute} of ${describe(element)}`);
                }
            }
            if (element.tagName === "INPUT" && element.type === "text" && element.value) {
                check(element.value, `value of ${describe(element)}`);
            }
        }

        function scan(node) {
            if (node.nodeType === Node.TEXT_NODE) {
                if (!skipped(node.parentElement)) {
                    check(node.data, describe(node.parentElement));
                }
                return;
            }
            if (node.nodeType !== Node.ELEMENT_NODE || skipped(node)) {
                return;
            }
            checkElement(node);
            const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
            for (let current = walker.nextNode(); current; current = walker.nextNode()) {
                if (current.nodeType === Node.TEXT_NODE) {
                    if (!skipped(current.parentElement)) {
                        check(current.data, describe(current.parentElement));
                    }
                } else {
                    checkElement(current);
                }
            }
        }

        new MutationObserver((records) => {
            for (const record of records) {
                if (record.type === "childList") {
                    record.addedNodes.forEach(scan);
                } else if (record.type === "characterData") {
                    scan(record.target);
                } else if (!skipped(record.target)) {
                    check(record.target.getAttribute(record.attributeName), `${record.attributeName} of ${describe(record.target)}`);
                }
            }
        }).observe(document.documentElement, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
            attributeFilter: ATTRIBUTES,
        });
        if (document.body) {
            scan(document.body);
        }
    }

    window.smartCrmWatchEnglish = function (terms) {
        window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(terms));
        install(terms);
    };

    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    if (stored) {
        install(JSON.parse(stored));
    }
})();
