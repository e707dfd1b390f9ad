// Site-wide behaviour. When an htmx request is refused (409 "stop it first", 404 for a deleted run, 503 when perf is
// missing), htmx swaps nothing; say why in a banner instead of leaving the click without an answer.
(function () {
    'use strict';

    function showProblem(text) {
        let banner = document.getElementById('request-problem');
        if (!banner) {
            banner = document.createElement('div');
            banner.id = 'request-problem';
            banner.className = 'banner banner-error floating-banner';
            banner.setAttribute('role', 'alert');
            document.body.append(banner);
            banner.addEventListener('click', () => banner.remove());
        }
        banner.textContent = text;
    }

    // The history marks the run shown beside it; both are swapped independently (choosing a run, polling), so the mark
    // is re-applied after every swap.
    function markSelectedRun() {
        const shown = document.querySelector('#result[data-benchmark-id]');
        const id = shown ? shown.dataset.benchmarkId : null;
        for (const row of document.querySelectorAll('#history tr[data-benchmark-id]')) {
            row.classList.toggle('selected', row.dataset.benchmarkId === id);
        }
    }

    document.addEventListener('DOMContentLoaded', markSelectedRun);
    document.addEventListener('htmx:afterSettle', markSelectedRun);

    document.addEventListener('htmx:responseError', (event) => {
        const xhr = event.detail.xhr;
        let text = (xhr.responseText || '').trim();
        try {
            const problem = JSON.parse(text);
            text = problem.detail || problem.title || text;
        } catch {
            // not JSON: the plain-text answer is the message
        }
        showProblem(`${xhr.status}: ${text || xhr.statusText} (click to close)`);
    });
    document.addEventListener('htmx:sendError', () => showProblem('The server did not answer. Is it still running? (click to close)'));
})();
