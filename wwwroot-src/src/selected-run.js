// @ts-check
// The session page's history marks the run shown beside it; both are swapped independently (choosing a run,
// polling), so the mark is re-applied after every swap.

import { startOnEveryPage } from './islands.js';

function markSelectedRun() {
    const shown = /** @type {HTMLElement | null} */ (document.querySelector('#result[data-benchmark-id]'));
    const id = shown ? shown.dataset.benchmarkId : null;
    for (const row of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#history tr[data-benchmark-id]'))) {
        row.classList.toggle('selected', row.dataset.benchmarkId === id);
    }
}

startOnEveryPage(markSelectedRun);
