// @ts-check
// The event picker of the benchmark form: htmx fills the listbox as the user types (server-side search); this script
// adds chosen events as chips (hidden inputs named Form.Events, so they survive searches and failed submissions), and
// makes the list keyboard-operable: ↑/↓ move, Enter adds, Escape closes, Backspace in an empty box removes a chip.

import { splitEventList } from './event-list-syntax.js';
import { elementsWithin, startOnEveryPage } from './islands.js';

/**
 * @param {HTMLElement} picker
 * @returns {HTMLElement}
 */
function chipsOf(picker) {
    return /** @type {HTMLElement} */ (picker.querySelector('.chips'));
}

/**
 * @param {HTMLElement} picker
 * @returns {string[]}
 */
function chosen(picker) {
    return [.../** @type {NodeListOf<HTMLElement>} */ (chipsOf(picker).querySelectorAll('.chip'))].map((chip) => chip.dataset.event || '');
}

/**
 * @param {HTMLElement} picker
 * @param {string} name
 */
function addChip(picker, name) {
    const value = name.trim();
    if (!value || chosen(picker).includes(value)) return;
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.dataset.event = value;
    const code = document.createElement('code');
    code.textContent = value;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'chip-remove';
    remove.setAttribute('aria-label', `Remove ${value}`);
    remove.textContent = '×';
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'Form.Events';
    input.value = value;
    chip.append(code, ' ', remove, input);
    chipsOf(picker).append(chip);
    markChosen(picker);
}

/**
 * @param {HTMLElement} picker
 * @param {Element} chip
 */
function removeChip(picker, chip) {
    chip.remove();
    markChosen(picker);
}

/**
 * @param {HTMLElement} picker
 * @returns {HTMLElement[]}
 */
function options(picker) {
    return [.../** @type {NodeListOf<HTMLElement>} */ (picker.querySelectorAll('.event-results [role=option]'))];
}

/** @param {HTMLElement} picker */
function markChosen(picker) {
    const names = new Set(chosen(picker));
    for (const option of options(picker)) {
        option.setAttribute('aria-selected', String(option.dataset.event !== undefined && names.has(option.dataset.event)));
    }
}

/**
 * @param {HTMLElement} picker
 * @returns {HTMLInputElement}
 */
function searchBox(picker) {
    return /** @type {HTMLInputElement} */ (picker.querySelector('[role=combobox]'));
}

/**
 * @param {HTMLElement} picker
 * @returns {HTMLElement | null}
 */
function active(picker) {
    const search = searchBox(picker);
    const id = search.getAttribute('aria-activedescendant');
    return id ? document.getElementById(id) : null;
}

/**
 * @param {HTMLElement} picker
 * @param {HTMLElement | null} option
 */
function setActive(picker, option) {
    const search = searchBox(picker);
    for (const other of options(picker)) other.classList.remove('active');
    if (option) {
        option.classList.add('active');
        search.setAttribute('aria-activedescendant', option.id);
        option.scrollIntoView({ block: 'nearest' });
    } else {
        search.removeAttribute('aria-activedescendant');
    }
}

/**
 * @param {HTMLElement} picker
 * @param {1 | -1} step
 */
function move(picker, step) {
    const list = options(picker);
    if (list.length === 0) return;
    const current = list.indexOf(/** @type {HTMLElement} */ (active(picker)));
    const next = current < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, current + step));
    setActive(picker, list[next]);
}

/** @param {HTMLElement | null} option */
function toggleLong(option) {
    const long = option && /** @type {HTMLElement | null} */ (option.querySelector('.event-long'));
    if (long) long.hidden = !long.hidden;
}

/** @param {HTMLElement} picker */
function bind(picker) {
    if (picker.dataset.bound) return;
    picker.dataset.bound = 'true';
    const search = searchBox(picker);
    const results = /** @type {HTMLElement} */ (picker.querySelector('.event-results'));

    search.addEventListener('keydown', (event) => {
        switch (event.key) {
            case 'ArrowDown':
                event.preventDefault();
                move(picker, 1);
                break;
            case 'ArrowUp':
                event.preventDefault();
                move(picker, -1);
                break;
            case 'ArrowRight':
                if (active(picker) && search.selectionStart === search.value.length) {
                    event.preventDefault();
                    toggleLong(active(picker));
                }
                break;
            case 'Enter': {
                // Enter adds an event; it never submits the form from the search box
                event.preventDefault();
                const option = active(picker);
                if (option) {
                    addChip(picker, option.dataset.event || '');
                } else if (search.value.trim()) {
                    // "task-clock,page-faults" typed at once becomes two chips, as perf's -e would read it
                    for (const name of splitEventList(search.value)) addChip(picker, name);
                    search.value = '';
                }
                break;
            }
            case 'Escape':
                setActive(picker, null);
                results.replaceChildren();
                search.setAttribute('aria-expanded', 'false');
                break;
            case 'Backspace':
                if (!search.value) {
                    const chips = chipsOf(picker).querySelectorAll('.chip');
                    if (chips.length) removeChip(picker, chips[chips.length - 1]);
                }
                break;
            default:
                break;
        }
    });

    results.addEventListener('mousedown', (event) => event.preventDefault());
    results.addEventListener('click', (event) => {
        const target = /** @type {Element} */ (event.target);
        const option = /** @type {HTMLElement | null} */ (target.closest('[role=option]'));
        if (!option) return;
        if (target.closest('[data-action=more]')) {
            toggleLong(option);
            return;
        }
        setActive(picker, option);
        addChip(picker, option.dataset.event || '');
        search.focus();
    });

    chipsOf(picker).addEventListener('click', (event) => {
        const remove = /** @type {Element} */ (event.target).closest('.chip-remove');
        const chip = remove && remove.closest('.chip');
        if (chip) {
            removeChip(picker, chip);
            search.focus();
        }
    });

    results.addEventListener('htmx:afterSwap', () => {
        setActive(picker, null);
        markChosen(picker);
        search.setAttribute('aria-expanded', String(options(picker).length > 0));
    });
}
startOnEveryPage((root) => {
    for (const picker of elementsWithin(root, '[data-event-picker]')) bind(picker);
});
