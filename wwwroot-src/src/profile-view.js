// The perf record result: a samples-over-time chart, the top-functions table and the flame graph, in one
// [data-profile] section. Selecting a time range on the chart (drag, or Ctrl+wheel; Shift+drag pans) reloads the
// table (htmx) and the flame graph (flame-graph.js) for that range; "Whole recording" goes back. The range lives in
// the page URL as ?range=from,to (seconds) so that a shared link opens it, and in the section's data-range so the
// flame graph, which may mount before or after this script runs, starts with it.
// The table, rendered by the server, is sorted by clicking its headers and filtered by its search box here, on the
// rows it holds; both are re-applied when htmx swaps in the table for another range.
//
// The markup it expects (everything but the section is optional):
//   <section data-profile data-event="0" data-histogram-url="…" data-flame-url="…" data-table-url="…?handler=Functions">
//     <button type="button" data-action="whole-recording">Whole recording</button> <span data-range-label></span>
//     <div class="time-chart"><canvas></canvas></div>
//     <div id="functions"><input type="search" data-table-filter="#functions-table">
//       <table id="functions-table" data-sortable> <th data-sort="text|number"> … <td class="fn"> <td data-value="…"> …
//     </div>
//     <div data-flame></div>
//   </section>
// The section fires "profile:range" (detail: { from, to } or null) after it starts loading a new range.
(function () {
    'use strict';

    const RANGE_PARAM = 'range';
    // wheel zoom and drags end in a burst of zoom events: only the range the user settles on is loaded
    const APPLY_DELAY_MS = 300;
    const DECIMATE_ABOVE = 2000;
    const LINE_COLOUR = '#2563eb';
    const FILL_COLOUR = 'rgba(37, 99, 235, 0.18)';
    const DRAG_COLOUR = 'rgba(37, 99, 235, 0.14)';
    const DRAG_BORDER = 'rgba(37, 99, 235, 0.7)';

    function parseRange(text) {
        const parts = String(text || '').split(',').map(Number);
        if (parts.length !== 2 || !parts.every(Number.isFinite) || parts[0] >= parts[1]) return null;
        return { from: parts[0], to: parts[1] };
    }

    function rangeText(range) {
        return range ? `${round(range.from)},${round(range.to)}` : '';
    }

    // Milliseconds are finer than any bucket perf's sampling gives a histogram.
    function round(seconds) {
        return Math.round(seconds * 1000) / 1000;
    }

    function formatSeconds(seconds) {
        return `${seconds.toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 })} s`;
    }

    // The folded-stacks and functions downloads hold what the table and the flame graph show: the selected range.
    function rangedDownloads() {
        return document.querySelectorAll('a[data-range-download]');
    }

    function writeUrlRange(range) {
        const url = new URL(window.location.href);
        if (range) url.searchParams.set(RANGE_PARAM, rangeText(range));
        else url.searchParams.delete(RANGE_PARAM);
        // a literal comma is valid in a query and keeps shared links readable
        url.search = url.searchParams.toString().replace(/%2C/gi, ',');
        window.history.replaceState(window.history.state, '', url);
    }

    // The event is part of every request; the page may already have put it in the URLs it renders.
    function urlFor(template, event, extra) {
        const url = new URL(template, window.location.href);
        if (event !== undefined && event !== '' && !url.searchParams.has('event')) url.searchParams.set('event', event);
        for (const [key, value] of Object.entries(extra || {})) url.searchParams.set(key, value);
        return url;
    }

    function sortKey(cell, type) {
        if (!cell) return type === 'number' ? -Infinity : '';
        if (type === 'number') {
            const value = Number.parseFloat(cell.dataset.value ?? cell.textContent.replace(/[^\d.eE+-]/g, ''));
            return Number.isFinite(value) ? value : -Infinity;
        }
        return cell.textContent.trim();
    }

    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

    class ProfileView {
        constructor(section) {
            this.section = section;
            this.range = parseRange(new URLSearchParams(window.location.search).get(RANGE_PARAM));
            this.bounds = null;
            this.sort = null;
            this.filterText = '';
            this.rowText = new WeakMap();
            this.wholeButton = section.querySelector('[data-action="whole-recording"]');
            this.rangeLabel = section.querySelector('[data-range-label]');
            this.section.dataset.range = rangeText(this.range);
            this.showRange();

            if (this.wholeButton) this.wholeButton.addEventListener('click', () => this.wholeRecording());
            section.addEventListener('click', (event) => this.onClick(event));
            section.addEventListener('input', (event) => {
                if (!event.target.matches('[data-table-filter]')) return;
                this.filterText = event.target.value;
                this.applyFilter();
            });
            section.addEventListener('htmx:beforeCleanupElement', (event) => {
                if (event.target === section) this.close();
            });

            this.prepareTable();
            this.loadHistogram();
            // The server rendered the table (and the flame graph may have started loading) for the whole recording.
            this.loadedRange = '';
            if (this.range) this.loadRange();
        }

        close() {
            window.clearTimeout(this.applyTimer);
            if (this.chart) this.chart.destroy();
        }

        // --- time range ----------------------------------------------------------------------------------------

        showRangeInDownloads() {
            for (const link of rangedDownloads()) {
                const url = new URL(link.getAttribute('href'), window.location.href);
                if (this.range) {
                    url.searchParams.set('from', String(round(this.range.from)));
                    url.searchParams.set('to', String(round(this.range.to)));
                } else {
                    url.searchParams.delete('from');
                    url.searchParams.delete('to');
                }
                link.setAttribute('href', url.pathname + url.search);
                if (!link.dataset.label) link.dataset.label = link.textContent;
                link.textContent = this.range
                    ? `${link.dataset.label} (${formatSeconds(this.range.from)} – ${formatSeconds(this.range.to)})`
                    : link.dataset.label;
            }
        }

        showRange() {
            if (this.wholeButton) this.wholeButton.disabled = !this.range;
            this.showRangeInDownloads();
            if (!this.rangeLabel) return;
            if (this.range) {
                const length = this.range.to - this.range.from;
                const of = this.bounds ? ` of ${formatSeconds(this.bounds.max - this.bounds.min)}` : '';
                this.rangeLabel.textContent = `${formatSeconds(this.range.from)} – ${formatSeconds(this.range.to)} `
                    + `(${formatSeconds(length)}${of})`;
            } else {
                this.rangeLabel.textContent = this.bounds
                    ? `Whole recording (${formatSeconds(this.bounds.max - this.bounds.min)})`
                    : 'Whole recording';
            }
        }

        // The chart's visible x range after a zoom or pan; all of the recording means no range.
        chartMoved(chart) {
            const scale = chart.scales.x;
            let range = { from: round(Math.max(this.bounds.min, scale.min)), to: round(Math.min(this.bounds.max, scale.max)) };
            const slack = this.bounds.bucket / 2;
            if (range.from <= this.bounds.min + slack && range.to >= this.bounds.max - slack) range = null;
            this.setRange(range);
            window.clearTimeout(this.applyTimer);
            this.applyTimer = window.setTimeout(() => this.loadRange(), APPLY_DELAY_MS);
        }

        setRange(range) {
            this.range = range;
            this.section.dataset.range = rangeText(range);
            writeUrlRange(range);
            this.showRange();
        }

        wholeRecording() {
            window.clearTimeout(this.applyTimer);
            if (this.chart) {
                this.chart.resetZoom('none');
                this.chart.options.scales.x.min = this.bounds.min;
                this.chart.options.scales.x.max = this.bounds.max;
                this.chart.update('none');
            }
            this.setRange(null);
            this.loadRange();
        }

        // Reloads the table and the flame graph for the current range, unless they already show it.
        loadRange() {
            const key = rangeText(this.range);
            if (key === this.loadedRange) return;
            this.loadedRange = key;
            const event = this.section.dataset.event;
            const params = this.range ? { from: String(round(this.range.from)), to: String(round(this.range.to)) } : {};
            const target = this.section.querySelector('#functions');
            if (target && this.section.dataset.tableUrl && window.htmx) {
                const url = urlFor(this.section.dataset.tableUrl, event, params);
                window.htmx.ajax('GET', url.pathname + url.search, { target, swap: 'innerHTML' });
            }
            const flame = this.section.querySelector('[data-flame]');
            if (flame && flame.flameGraph) {
                flame.flameGraph.reload(this.range ? params : { from: null, to: null });
            }
            this.section.dispatchEvent(new CustomEvent('profile:range', { bubbles: true, detail: this.range }));
        }

        // --- samples over time -------------------------------------------------------------------------------

        async loadHistogram() {
            const canvas = this.section.querySelector('.time-chart canvas');
            if (!canvas || !this.section.dataset.histogramUrl || !window.Chart) return;
            const frame = canvas.closest('.time-chart');
            frame.dataset.state = 'loading';
            let body;
            try {
                const response = await fetch(urlFor(this.section.dataset.histogramUrl, this.section.dataset.event),
                    { headers: { Accept: 'application/json' } });
                if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
                body = await response.json();
            } catch (error) {
                frame.dataset.state = 'error';
                const message = document.createElement('p');
                message.className = 'time-chart-message muted';
                message.textContent = `The samples over time could not be loaded: ${error.message}`;
                frame.append(message);
                return;
            }
            const start = Number(body.startSeconds) || 0;
            const bucket = Number(body.bucketSeconds) || 1;
            const samples = Array.isArray(body.samples) ? body.samples : [];
            this.periods = Array.isArray(body.periods) ? body.periods : [];
            this.bounds = { min: start, max: start + Math.max(1, samples.length) * bucket, bucket };
            this.histogramEvent = body.event || '';
            // a bucket is plotted at its middle, so the line's peaks sit over the time they describe
            const points = samples.map((count, index) => ({ x: start + (index + 0.5) * bucket, y: count }));
            this.chart = this.createChart(canvas, points);
            frame.dataset.state = 'ready';
            this.showRange();
        }

        createChart(canvas, points) {
            if (!canvas.hasAttribute('aria-label')) {
                canvas.setAttribute('role', 'img');
                canvas.setAttribute('aria-label', 'Samples over time. Drag across the chart to select a time range.');
            }
            const bounds = this.bounds;
            const bucketMs = round(bounds.bucket * 1000);
            return new window.Chart(canvas, {
                type: 'line',
                data: {
                    datasets: [{
                        label: this.histogramEvent ? `${this.histogramEvent} samples` : 'samples',
                        data: points,
                        borderColor: LINE_COLOUR,
                        backgroundColor: FILL_COLOUR,
                        fill: 'origin',
                        borderWidth: 1.25,
                        pointRadius: 0,
                        pointHitRadius: 4,
                    }],
                },
                options: {
                    animation: false,
                    parsing: false,
                    normalized: true,
                    responsive: true,
                    maintainAspectRatio: false,
                    interaction: { mode: 'nearest', axis: 'x', intersect: false },
                    scales: {
                        x: {
                            type: 'linear',
                            min: this.range ? this.range.from : bounds.min,
                            max: this.range ? this.range.to : bounds.max,
                            title: { display: true, text: 'seconds' },
                        },
                        y: {
                            beginAtZero: true,
                            title: { display: true, text: `samples per ${bucketMs.toLocaleString('en-US')} ms` },
                        },
                    },
                    plugins: {
                        legend: { display: false },
                        decimation: { enabled: points.length > DECIMATE_ABOVE, algorithm: 'min-max' },
                        tooltip: {
                            displayColors: false,
                            callbacks: {
                                title: (items) => items.length ? this.bucketTitle(items[0].parsed.x) : '',
                                label: (item) => `${item.parsed.y.toLocaleString('en-US')} samples`,
                                afterLabel: (item) => this.periodLabel(item.parsed.x),
                            },
                        },
                        zoom: {
                            limits: { x: { min: bounds.min, max: bounds.max, minRange: bounds.bucket * 2 } },
                            zoom: {
                                drag: { enabled: true, backgroundColor: DRAG_COLOUR, borderColor: DRAG_BORDER, borderWidth: 1 },
                                // a plain wheel scrolls the page, which is long: the chart takes Ctrl+wheel
                                wheel: { enabled: true, modifierKey: 'ctrl' },
                                pinch: { enabled: true },
                                mode: 'x',
                                onZoomComplete: ({ chart }) => this.chartMoved(chart),
                            },
                            pan: {
                                enabled: true,
                                mode: 'x',
                                modifierKey: 'shift',
                                onPanComplete: ({ chart }) => this.chartMoved(chart),
                            },
                        },
                    },
                },
            });
        }

        bucketIndex(x) {
            return Math.floor((x - this.bounds.min) / this.bounds.bucket);
        }

        bucketTitle(x) {
            const from = this.bounds.min + this.bucketIndex(x) * this.bounds.bucket;
            return `${formatSeconds(from)} – ${formatSeconds(from + this.bounds.bucket)}`;
        }

        periodLabel(x) {
            const period = this.periods[this.bucketIndex(x)];
            return period === undefined ? '' : `period: ${Number(period).toLocaleString('en-US')}`;
        }

        // --- top functions -------------------------------------------------------------------------------------

        table() {
            return this.section.querySelector('table[data-sortable]');
        }

        // Called for the server's table and again after each htmx swap: header buttons, then the user's sort and
        // filter, which the new rows know nothing about.
        prepareTable() {
            const table = this.table();
            if (!table) return;
            for (const header of table.querySelectorAll('th[data-sort]')) {
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
            for (const cell of table.querySelectorAll('td.fn')) {
                if (!cell.title) cell.title = cell.textContent.replace(/\s+/g, ' ').trim();
            }
            if (this.sort) this.applySort(table);
            const filter = this.section.querySelector('[data-table-filter]');
            if (filter) {
                if (!filter.value && this.filterText) filter.value = this.filterText;
                this.filterText = filter.value;
            }
            this.applyFilter();
        }

        onClick(event) {
            const button = event.target.closest('th[data-sort] .sort-button');
            if (!button || !this.section.contains(button)) return;
            const header = button.closest('th');
            const column = header.cellIndex;
            let direction;
            if (this.sort && this.sort.column === column) {
                direction = this.sort.direction === 'ascending' ? 'descending' : 'ascending';
            } else {
                // numbers are most useful biggest first, names from A
                direction = header.dataset.sort === 'number' ? 'descending' : 'ascending';
            }
            this.sort = { column, direction };
            this.applySort(header.closest('table'));
        }

        applySort(table) {
            const header = [...table.querySelectorAll('thead th')].find((th) => th.cellIndex === this.sort.column);
            if (!header || !header.dataset.sort) return;
            for (const other of table.querySelectorAll('th[aria-sort]')) other.removeAttribute('aria-sort');
            header.setAttribute('aria-sort', this.sort.direction);
            const type = header.dataset.sort;
            const sign = this.sort.direction === 'ascending' ? 1 : -1;
            for (const body of table.tBodies) {
                const rows = [...body.rows].map((row) => ({ row, key: sortKey(row.cells[this.sort.column], type) }));
                rows.sort((a, b) => sign * (type === 'number' ? a.key - b.key : collator.compare(a.key, b.key)));
                body.append(...rows.map((entry) => entry.row));
            }
            table.dataset.sortColumn = String(this.sort.column);
            table.dataset.sortDirection = this.sort.direction;
        }

        textOf(row) {
            let text = this.rowText.get(row);
            if (text === undefined) {
                const cell = row.querySelector('td.fn') || row.cells[0];
                text = cell ? cell.textContent.replace(/\s+/g, ' ').toLowerCase() : '';
                this.rowText.set(row, text);
            }
            return text;
        }

        applyFilter() {
            const filter = this.section.querySelector('[data-table-filter]');
            const table = filter ? document.querySelector(filter.dataset.tableFilter) : this.table();
            if (!table) return;
            const needle = this.filterText.trim().replace(/\s+/g, ' ').toLowerCase();
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
            let empty = table.nextElementSibling;
            if (!empty || !empty.classList.contains('table-filter-empty')) {
                empty = document.createElement('p');
                empty.className = 'table-filter-empty muted';
                table.after(empty);
            }
            empty.hidden = shown > 0 || total === 0;
            empty.textContent = `No function in this table matches “${this.filterText.trim()}”.`;
        }
    }

    function start(root) {
        const sections = root.matches && root.matches('[data-profile]') ? [root] : root.querySelectorAll('[data-profile]');
        for (const section of sections) {
            if (!section.profileView) section.profileView = new ProfileView(section);
        }
    }

    document.addEventListener('DOMContentLoaded', () => start(document));
    document.addEventListener('htmx:afterSettle', (event) => {
        start(event.target);
        const section = event.target.closest && event.target.closest('[data-profile]');
        if (section && section.profileView && section !== event.target) section.profileView.prepareTable();
    });
})();
