// The event picker of the benchmark form: htmx fills the listbox as the user types (server-side search); this script
// adds chosen events as chips (hidden inputs named Form.Events, so they survive searches and failed submissions), and
// makes the list keyboard-operable: ↑/↓ move, Enter adds, Escape closes, Backspace in an empty box removes a chip.
(function () {
    'use strict';

    // The same rules as SplitTopLevel in WebOcperf/Perf/EventListSyntax.cs: split at commas outside a group ({a,b}) and
    // outside a PMU event's terms, where a '/' opens terms only right after a PMU name (cpu/event=0x3c,umask=0/).
    function splitEventList(list) {
        const events = [];
        let current = '';
        let insideTerms = false;
        let groupDepth = 0;
        let bracesOnly = true;
        let pmuName = false;
        for (const c of list) {
            if (c === '/' && (insideTerms || pmuName)) insideTerms = !insideTerms;
            if (!insideTerms) {
                if (c === '{') groupDepth++;
                else if (c === '}' && groupDepth > 0) groupDepth--;
            }
            if (c === ',' && !insideTerms) {
                bracesOnly = true;
                pmuName = false;
                if (groupDepth === 0) {
                    events.push(current);
                    current = '';
                } else {
                    current += c;
                }
                continue;
            }
            current += c;
            if (bracesOnly && c === '{') continue;
            pmuName = (bracesOnly || pmuName) && /[A-Za-z0-9_.-]/.test(c);
            bracesOnly = false;
        }
        events.push(current);
        return events.map((e) => e.trim()).filter((e) => e.length > 0);
    }

    function chipsOf(picker) {
        return picker.querySelector('.chips');
    }

    function chosen(picker) {
        return [...chipsOf(picker).querySelectorAll('.chip')].map((chip) => chip.dataset.event);
    }

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

    function removeChip(picker, chip) {
        chip.remove();
        markChosen(picker);
    }

    function options(picker) {
        return [...picker.querySelectorAll('.event-results [role=option]')];
    }

    function markChosen(picker) {
        const names = new Set(chosen(picker));
        for (const option of options(picker)) {
            option.setAttribute('aria-selected', String(names.has(option.dataset.event)));
        }
    }

    function active(picker) {
        const search = picker.querySelector('[role=combobox]');
        const id = search.getAttribute('aria-activedescendant');
        return id ? document.getElementById(id) : null;
    }

    function setActive(picker, option) {
        const search = picker.querySelector('[role=combobox]');
        for (const other of options(picker)) other.classList.remove('active');
        if (option) {
            option.classList.add('active');
            search.setAttribute('aria-activedescendant', option.id);
            option.scrollIntoView({ block: 'nearest' });
        } else {
            search.removeAttribute('aria-activedescendant');
        }
    }

    function move(picker, step) {
        const list = options(picker);
        if (list.length === 0) return;
        const current = list.indexOf(active(picker));
        const next = current < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, current + step));
        setActive(picker, list[next]);
    }

    function toggleLong(option) {
        const long = option && option.querySelector('.event-long');
        if (long) long.hidden = !long.hidden;
    }

    function bind(picker) {
        if (picker.dataset.bound) return;
        picker.dataset.bound = 'true';
        const search = picker.querySelector('[role=combobox]');
        const results = picker.querySelector('.event-results');

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
                        addChip(picker, option.dataset.event);
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
            const option = event.target.closest('[role=option]');
            if (!option) return;
            if (event.target.closest('[data-action=more]')) {
                toggleLong(option);
                return;
            }
            setActive(picker, option);
            addChip(picker, option.dataset.event);
            search.focus();
        });

        chipsOf(picker).addEventListener('click', (event) => {
            const remove = event.target.closest('.chip-remove');
            if (remove) {
                removeChip(picker, remove.closest('.chip'));
                search.focus();
            }
        });

        results.addEventListener('htmx:afterSwap', () => {
            setActive(picker, null);
            markChosen(picker);
            search.setAttribute('aria-expanded', String(options(picker).length > 0));
        });
    }

    function start(root) {
        for (const picker of root.querySelectorAll('[data-event-picker]')) bind(picker);
    }

    document.addEventListener('DOMContentLoaded', () => start(document));
    document.addEventListener('htmx:afterSettle', (event) => start(event.target));
})();
