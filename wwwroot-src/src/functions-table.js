// @ts-check
// The top-functions table of a perf record result, rendered by the server: clicking a header sorts it, the search box
// filters its rows, both here on the rows it holds. Both are re-applied when htmx swaps in the table for another range.
// Markup: <input type="search" data-table-filter="#functions-table">
//         <table id="functions-table" data-sortable> <th data-sort="text|number"> … <td class="fn"> <td data-value="…">

/** @typedef {{ column: number, direction: 'ascending' | 'descending' }} TableSort */

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The number a cell sorts by: its data-value, else the number in its text ("12.5 %", "1,024"); -Infinity for none,
 * so that empty cells go last in a biggest-first sort.
 * @param {string | undefined} dataValue
 * @param {string} text
 * @returns {number}
 */
export function numericSortKey(dataValue, text) {
    const value = Number.parseFloat(dataValue ?? text.replace(/[^\d.eE+-]/g, ''));
    return Number.isFinite(value) ? value : -Infinity;
}

/**
 * Orders two sort keys: numbers by value, text as a person would (case-insensitive, "f2" before "f10").
 * @param {number | string} a
 * @param {number | string} b
 * @returns {number}
 */
export function compareKeys(a, b) {
    return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/**
 * What a filter looks for: trimmed, whitespace collapsed, lower case.
 * @param {string} text
 * @returns {string}
 */
export function normaliseFilterText(text) {
    return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * @param {HTMLTableCellElement | undefined} cell
 * @param {string} type "number" or "text"
 * @returns {number | string}
 */
function sortKey(cell, type) {
    if (!cell) return type === 'number' ? -Infinity : '';
    if (type === 'number') return numericSortKey(cell.dataset.value, cell.textContent || '');
    return (cell.textContent || '').trim();
}

export class FunctionsTable {
    /** @param {HTMLElement} container the element holding the filter box and the table (htmx swaps the table) */
    constructor(container) {
        this.container = container;
        /** @type {TableSort | null} */
        this.sort = null;
        this.filterText = '';
        /** @type {WeakMap<HTMLTableRowElement, string>} */
        this.rowText = new WeakMap();
        container.addEventListener('click', (event) => this.onClick(event));
        container.addEventListener('input', (event) => {
            const target = /** @type {HTMLInputElement} */ (event.target);
            if (!target.matches('[data-table-filter]')) return;
            this.filterText = target.value;
            this.applyFilter();
        });
    }

    /** @returns {HTMLTableElement | null} */
    table() {
        return this.container.querySelector('table[data-sortable]');
    }

    /** @returns {HTMLInputElement | null} */
    filterBox() {
        return this.container.querySelector('[data-table-filter]');
    }

    // Called for the server's table and again after each htmx swap: header buttons, then the user's sort and
    // filter, which the new rows know nothing about.
    prepare() {
        const table = this.table();
        if (!table) return;
        for (const header of /** @type {NodeListOf<HTMLTableCellElement>} */ (table.querySelectorAll('th[data-sort]'))) {
            if (header.querySelector('.sort-button')) continue;
            const button = document.createElement('button');
            button.type = 'button';
            button.className = 'sort-button';
            button.append(...header.childNodes);
            header.append(button);
            const sorted = header.getAttribute('aria-sort');
            if (!this.sort && (sorted === 'ascending' || sorted === 'descending')) {
                this.sort = { column: header.cellIndex, direction: sorted };
            }
        }
        // long C++ symbols are cut off with an ellipsis; the whole name and its DSO show on hover
        for (const cell of /** @type {NodeListOf<HTMLTableCellElement>} */ (table.querySelectorAll('td.fn'))) {
            if (!cell.title) cell.title = (cell.textContent || '').replace(/\s+/g, ' ').trim();
        }
        if (this.sort) this.applySort(table);
        const filter = this.filterBox();
        if (filter) {
            if (!filter.value && this.filterText) filter.value = this.filterText;
            this.filterText = filter.value;
        }
        this.applyFilter();
    }

    /** @param {Event} event */
    onClick(event) {
        const target = /** @type {Element} */ (event.target);
        const button = target.closest('th[data-sort] .sort-button');
        if (!button || !this.container.contains(button)) return;
        const header = /** @type {HTMLTableCellElement} */ (button.closest('th'));
        const column = header.cellIndex;
        /** @type {TableSort['direction']} */
        let direction;
        if (this.sort && this.sort.column === column) {
            direction = this.sort.direction === 'ascending' ? 'descending' : 'ascending';
        } else {
            // numbers are most useful biggest first, names from A
            direction = header.dataset.sort === 'number' ? 'descending' : 'ascending';
        }
        this.sort = { column, direction };
        this.applySort(/** @type {HTMLTableElement} */ (header.closest('table')));
    }

    /** @param {HTMLTableElement} table */
    applySort(table) {
        const sort = this.sort;
        if (!sort) return;
        const headers = /** @type {HTMLTableCellElement[]} */ ([...table.querySelectorAll('thead th')]);
        const header = headers.find((th) => th.cellIndex === sort.column);
        if (!header || !header.dataset.sort) return;
        for (const other of table.querySelectorAll('th[aria-sort]')) other.removeAttribute('aria-sort');
        header.setAttribute('aria-sort', sort.direction);
        const type = header.dataset.sort;
        const sign = sort.direction === 'ascending' ? 1 : -1;
        for (const body of table.tBodies) {
            const rows = [...body.rows].map((row) => ({ row, key: sortKey(row.cells[sort.column], type) }));
            rows.sort((a, b) => sign * compareKeys(a.key, b.key));
            body.append(...rows.map((entry) => entry.row));
        }
        table.dataset.sortColumn = String(sort.column);
        table.dataset.sortDirection = sort.direction;
    }

    /**
     * @param {HTMLTableRowElement} row
     * @returns {string}
     */
    textOf(row) {
        let text = this.rowText.get(row);
        if (text === undefined) {
            const cell = row.querySelector('td.fn') || row.cells[0];
            text = cell ? (cell.textContent || '').replace(/\s+/g, ' ').toLowerCase() : '';
            this.rowText.set(row, text);
        }
        return text;
    }

    applyFilter() {
        const filter = this.filterBox();
        const table = filter
            ? /** @type {HTMLTableElement | null} */ (document.querySelector(filter.dataset.tableFilter || ''))
            : this.table();
        if (!table) return;
        const needle = normaliseFilterText(this.filterText);
        let total = 0;
        let shown = 0;
        for (const body of table.tBodies) {
            for (const row of body.rows) {
                const visible = !needle || this.textOf(row).includes(needle);
                row.hidden = !visible;
                total++;
                if (visible) shown++;
            }
        }
        table.dataset.visibleRows = String(shown);
        let empty = /** @type {HTMLElement | null} */ (table.nextElementSibling);
        if (!empty || !empty.classList.contains('table-filter-empty')) {
            empty = document.createElement('p');
            empty.className = 'table-filter-empty muted';
            table.after(empty);
        }
        empty.hidden = shown > 0 || total === 0;
        empty.textContent = `No function in this table matches “${this.filterText.trim()}”.`;
    }
}
