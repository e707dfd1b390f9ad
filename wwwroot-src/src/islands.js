// @ts-check
// Every script that enhances server-rendered markup starts the same way: once for the page, then again for whatever
// htmx swaps in, since a swapped-in result, table or picker is new markup that nothing has bound yet.

/**
 * Calls start(root) for the whole document once it is parsed and for every element htmx settles afterwards.
 * start must skip the elements it has already bound.
 * @param {(root: Element | Document) => void} start
 */
export function startOnEveryPage(start) {
    // at DOMContentLoaded, as before the scripts became modules: after htmx (loaded first) has processed the page
    if (document.readyState === 'complete') start(document);
    else document.addEventListener('DOMContentLoaded', () => start(document));
    document.addEventListener('htmx:afterSettle', (event) => {
        if (event.target instanceof Element) start(event.target);
    });
}

/**
 * The elements matching selector within root, root included.
 * @param {Element | Document} root
 * @param {string} selector
 * @returns {HTMLElement[]}
 */
export function elementsWithin(root, selector) {
    const found = /** @type {HTMLElement[]} */ ([...root.querySelectorAll(selector)]);
    if (root instanceof HTMLElement && root.matches(selector)) found.unshift(root);
    return found;
}
