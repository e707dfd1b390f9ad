// @ts-check
// Copy buttons: a button with data-copy-target="ID" copies the text of the element with that id. One listener on the
// document serves buttons that htmx swaps in later. The clipboard API exists only in secure contexts (loopback, https);
// elsewhere (a token URL over plain http) the text is selected and copied the older way.

/**
 * @param {HTMLElement} source
 * @returns {boolean} whether the browser copied the selection
 */
function copyBySelecting(source) {
    const selection = window.getSelection();
    if (!selection) {
        return false;
    }
    const range = document.createRange();
    range.selectNodeContents(source);
    selection.removeAllRanges();
    selection.addRange(range);
    // deprecated, but the only way without the clipboard API; the text stays selected for Ctrl+C if it fails
    return document.execCommand('copy');
}

/**
 * @param {HTMLButtonElement} button
 * @param {string} label
 */
function say(button, label) {
    const original = button.dataset.label ?? button.textContent ?? '';
    button.dataset.label = original;
    button.textContent = label;
    window.setTimeout(() => {
        button.textContent = original;
    }, 2000);
}

document.addEventListener('click', async (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-copy-target]') : null;
    if (!(target instanceof HTMLButtonElement)) {
        return;
    }
    const source = document.getElementById(target.dataset.copyTarget ?? '');
    if (!source) {
        return;
    }
    const text = source.textContent ?? '';
    try {
        if (navigator.clipboard) {
            await navigator.clipboard.writeText(text);
            say(target, 'Copied');
            return;
        }
    } catch {
        // permission refused: fall back to selecting the text
    }
    say(target, copyBySelecting(source) ? 'Copied' : 'Press Ctrl+C');
});
