// @ts-check
// The benchmark form shows the options of the chosen tool only (stat: interval, streaming; record: frequency, period,
// call graph). Hidden options are disabled too, so they are not submitted; without JavaScript all of them show and
// the server ignores the other tool's fields.

import { startOnEveryPage } from './islands.js';

/** @param {HTMLFormElement} form */
function apply(form) {
    const select = /** @type {HTMLSelectElement | null} */ (form.querySelector('[data-tool-select]'));
    if (!select) return;
    for (const field of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll('[data-tool-field]'))) {
        const shown = field.dataset.toolField === select.value;
        field.hidden = !shown;
        for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (field.querySelectorAll('input, select, textarea'))) {
            input.disabled = !shown;
        }
    }
}

startOnEveryPage((root) => {
    for (const form of root.querySelectorAll('form')) {
        const select = /** @type {HTMLSelectElement | null} */ (form.querySelector('[data-tool-select]'));
        if (!select || select.dataset.bound) continue;
        select.dataset.bound = 'true';
        select.addEventListener('change', () => apply(form));
        apply(form);
    }
});
