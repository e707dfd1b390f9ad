// @ts-check
/**
 * The history's Compare form: remembers the order in which runs are ticked, so that the first ticked is the base,
 * and opens /compare?base=…&with=… in that order. Without this script the form still submits run=… in table order.
 */
let ticks = 0;

/** @param {HTMLFormElement} form */
function checked(form) {
    return /** @type {HTMLInputElement[]} */ ([...form.querySelectorAll('input[name="run"]:checked')])
        .sort((a, b) => Number(a.dataset.order || 0) - Number(b.dataset.order || 0));
}

/** @param {HTMLFormElement} form */
function updateHint(form) {
    const hint = form.querySelector('[data-compare-hint]');
    if (!hint) return;
    const boxes = checked(form);
    const tools = new Set(boxes.map((box) => box.dataset.tool));
    if (tools.size > 1) {
        hint.textContent = 'A perf stat run cannot be compared with a recording: tick runs of one kind.';
    } else if (boxes.length < 2) {
        hint.textContent = boxes.length === 1
            ? 'Base chosen; tick one or more runs to compare with it.'
            : 'Tick two or more finished runs; the first ticked is the base.';
    } else {
        hint.textContent = `${boxes.length} runs selected; the first ticked is the base.`;
    }
}

document.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.name !== 'run' || !box.form || !box.form.matches('[data-compare-form]')) return;
    box.dataset.order = box.checked ? String(++ticks) : '';
    updateHint(box.form);
});

document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('[data-compare-form]')) return;
    const boxes = checked(form);
    if (boxes.length < 2 || new Set(boxes.map((box) => box.dataset.tool)).size > 1) {
        event.preventDefault();
        updateHint(form);
        const hint = form.querySelector('[data-compare-hint]');
        if (hint && boxes.length < 2) hint.textContent = 'Select at least two finished runs to compare.';
        return;
    }
    event.preventDefault();
    const query = new URLSearchParams();
    query.set('base', boxes[0].value);
    for (const box of boxes.slice(1)) query.append('with', box.value);
    location.assign(`/compare?${query}`);
});

// the history refreshes itself with htmx: keep the hint true for the boxes hx-preserve kept
document.addEventListener('htmx:afterSettle', () => {
    for (const form of document.querySelectorAll('form[data-compare-form]')) {
        if (form instanceof HTMLFormElement) updateHint(form);
    }
});
