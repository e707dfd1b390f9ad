// @ts-check
// When an htmx request is refused (409 "stop it first", 404 for a deleted run, 503 when perf is missing), htmx swaps
// nothing; say why in a banner instead of leaving the click without an answer.

import { problemText } from './problem-text.js';

/** @param {string} text */
function showProblem(text) {
    let banner = document.getElementById('request-problem');
    if (!banner) {
        const created = document.createElement('div');
        created.id = 'request-problem';
        created.className = 'banner banner-error floating-banner';
        created.setAttribute('role', 'alert');
        document.body.append(created);
        created.addEventListener('click', () => created.remove());
        banner = created;
    }
    banner.textContent = text;
}

document.addEventListener('htmx:responseError', (event) => {
    const xhr = /** @type {CustomEvent<{ xhr: XMLHttpRequest }>} */ (event).detail.xhr;
    showProblem(`${xhr.status}: ${problemText(xhr.responseText || '', xhr.statusText)} (click to close)`);
});
document.addEventListener('htmx:sendError', () => showProblem('The server did not answer. Is it still running? (click to close)'));
