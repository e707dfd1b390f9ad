// The chart island of a benchmark result. A running benchmark is followed over its Server-Sent Events stream; a
// finished one is drawn from /series, which the server downsamples for long runs and refines for the zoomed range.
// Served as a file (no inline script), it finds its elements by class and reads its settings from data- attributes,
// so htmx can swap results in and out and each new island starts itself.
(function () {
    'use strict';

    // The stream's event names: a contract with WebOcperf/Streaming/StreamEvents.cs — change both together.
    const STREAM_EVENTS = Object.freeze({
        series: 'series',
        sample: 'sample',
        status: 'status',
        done: 'done',
    });

    const COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d',
        '#9333ea', '#ea580c', '#0d9488', '#4f46e5', '#be123c', '#15803d', '#a16207', '#1d4ed8'];

    // View state lives in the URL so that a shared link opens the same view.
    const VIEW_PARAM = 'view';
    const HIDDEN_PARAM = 'hidden';
    const ZOOM_PARAM = 'zoom';
    const REFINE_DELAY_MS = 250;

    function readViewState() {
        const params = new URLSearchParams(window.location.search);
        const flags = new Set((params.get(VIEW_PARAM) || '').split(',').filter(Boolean));
        const zoom = (params.get(ZOOM_PARAM) || '').split(',').map(Number);
        return {
            log: flags.has('log'),
            rate: flags.has('rate'),
            normalise: flags.has('norm'),
            hidden: new Set((params.get(HIDDEN_PARAM) || '').split(',').filter(Boolean).map(decodeURIComponent)),
            zoom: zoom.length === 2 && zoom.every(Number.isFinite) && zoom[0] < zoom[1] ? { min: zoom[0], max: zoom[1] } : null,
        };
    }

    function writeViewState(state) {
        const url = new URL(window.location.href);
        applyViewState(url, state);
        window.history.replaceState(window.history.state, '', url);
        updateShareLink(state);
    }

    function applyViewState(url, state) {
        const flags = [];
        if (state.log) flags.push('log');
        if (state.rate) flags.push('rate');
        if (state.normalise) flags.push('norm');
        setParam(url, VIEW_PARAM, flags.join(','));
        setParam(url, HIDDEN_PARAM, [...state.hidden].map(encodeURIComponent).join(','));
        setParam(url, ZOOM_PARAM, state.zoom ? `${round(state.zoom.min)},${round(state.zoom.max)}` : '');
    }

    // The result's share link carries the view too: what someone copies from the page opens what they are looking at.
    function updateShareLink(state) {
        const link = document.getElementById('share-link');
        if (!link) return;
        const url = new URL(link.getAttribute('href'), window.location.href);
        applyViewState(url, state);
        link.setAttribute('href', url.pathname + url.search);
    }

    function setParam(url, name, value) {
        if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
    }

    function round(value) {
        return Math.round(value * 1000) / 1000;
    }

    function formatValue(value) {
        if (value === null || value === undefined || Number.isNaN(value)) return '—';
        const abs = Math.abs(value);
        if (abs !== 0 && (abs < 0.01 || abs >= 1e12)) return value.toExponential(3);
        return value.toLocaleString('en-US', { maximumFractionDigits: abs < 10 ? 3 : 1 });
    }

    // A log axis gets a tick at every 1…9 × 10ⁿ plus the range's ends; labelling them all crowds the top of each
    // decade, so only 1, 2 and 5 × 10ⁿ are labelled — or every whole multiple of 10ⁿ when the visible range (often
    // less than a decade) holds fewer than three of those, or everything when even that leaves fewer than two labels.
    function logTickLabel(value, ticks) {
        const mantissa = (v) => (v > 0 ? Math.round((v / Math.pow(10, Math.floor(Math.log10(v)))) * 1000) / 1000 : NaN);
        const preferences = [
            { keep: (m) => m === 1 || m === 2 || m === 5, enough: 3 },
            { keep: (m) => Number.isInteger(m), enough: 2 },
            { keep: () => true, enough: 0 },
        ];
        const labelled = preferences.find(({ keep, enough }) => ticks.filter((tick) => keep(mantissa(tick.value))).length >= enough).keep;
        return labelled(mantissa(value)) ? formatValue(value) : '';
    }

    // The server's Format.Time: "2026-11-25 10:04:14 UTC".
    function formatUtc(iso) {
        const time = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
        return Number.isNaN(time.getTime()) ? '' : `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    }

    // Shows a status event on the result's badge and start time; the queue position goes once the run has started.
    // A change of status refreshes the history at once rather than at its next poll, so the two never disagree.
    function showStatus(result, status) {
        if (!result) return;
        const badge = result.querySelector('#result-status');
        if (badge) {
            const changed = badge.textContent.trim() !== status.status;
            badge.textContent = status.status;
            badge.className = `status status-${status.status.toLowerCase()}`;
            if (changed && window.htmx) window.htmx.trigger(document.body, 'history-changed');
        }
        const started = result.querySelector('#result-started');
        if (started && status.startedAt) started.textContent = formatUtc(status.startedAt);
        const perfMessage = result.querySelector('#perf-live-message');
        if (perfMessage && status.perfMessage) perfMessage.textContent = status.perfMessage;
        const queue = result.querySelector('#result-queue');
        if (queue) {
            if (status.status === 'Queued' && status.queuePosition) queue.textContent = `position ${status.queuePosition} in the queue`;
            else queue.remove();
        }
    }

    // The run ended while we watched: let htmx swap in the final summary and table.
    function finish(result) {
        if (!window.htmx) return;
        if (result) window.htmx.trigger(result, 'benchmark-done');
        window.htmx.trigger(document.body, 'history-changed');
    }

    // Follows a run without a chart (totals only): status changes, then the final result.
    class RunWatcher {
        constructor(element) {
            const result = element.closest('[data-benchmark-id]');
            this.source = new EventSource(element.dataset.streamUrl);
            this.source.addEventListener(STREAM_EVENTS.status, (message) => showStatus(result, JSON.parse(message.data)));
            this.source.addEventListener(STREAM_EVENTS.done, () => {
                this.source.close();
                finish(result);
            });
            element.addEventListener('htmx:beforeCleanupElement', () => this.source.close());
        }
    }

    class BenchmarkChart {
        constructor(island) {
            this.island = island;
            this.result = island.closest('[data-benchmark-id]');
            this.finished = island.dataset.finished === 'true';
            this.streaming = island.dataset.streaming !== 'false';
            this.pointsLabel = island.querySelector('.chart-points');
            this.state = readViewState();
            // one entry per event: { name, unit, points: [{ t, v, dt }] } — v is the count in an interval of dt seconds
            this.series = [];
            this.intervalCount = 0;
            this.lastTime = 0;
            this.pending = [];
            this.frameRequested = false;
            this.chart = this.createChart(island.querySelector('canvas'));
            this.bindToolbar();
            updateShareLink(this.state);
            if (this.finished) {
                // the whole run first, so that panning or resetting a shared zoomed view has the rest to show;
                // then full detail for the zoomed range if the whole run had to be downsampled
                this.loadStored(null).then(() => {
                    if (this.state.zoom && this.downsampled) this.loadStored(this.state.zoom);
                });
            } else {
                this.connect();
            }
            island.addEventListener('htmx:beforeCleanupElement', () => this.close());
        }

        createChart(canvas) {
            const self = this;
            return new window.Chart(canvas, {
                type: 'line',
                data: { datasets: [] },
                options: {
                    animation: false,
                    parsing: false,
                    normalized: true,
                    responsive: true,
                    maintainAspectRatio: false,
                    interaction: { mode: 'nearest', axis: 'x', intersect: false },
                    elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.5 } },
                    scales: {
                        x: {
                            type: 'linear',
                            title: { display: true, text: 'seconds' },
                            min: this.state.zoom ? this.state.zoom.min : undefined,
                            max: this.state.zoom ? this.state.zoom.max : undefined,
                        },
                        y: {
                            type: this.state.log ? 'logarithmic' : 'linear',
                            title: { display: true, text: this.yTitle() },
                            ticks: {
                                callback(value, index, ticks) {
                                    return self.state.log
                                        ? logTickLabel(value, ticks)
                                        : window.Chart.Ticks.formatters.numeric.call(this, value, index, ticks);
                                },
                            },
                        },
                    },
                    plugins: {
                        decimation: { enabled: true, algorithm: 'lttb', samples: 1000 },
                        legend: {
                            position: 'bottom',
                            onClick(event, item, legend) {
                                const name = self.series[item.datasetIndex].name;
                                if (self.state.hidden.has(name)) self.state.hidden.delete(name); else self.state.hidden.add(name);
                                legend.chart.setDatasetVisibility(item.datasetIndex, !self.state.hidden.has(name));
                                legend.chart.update('none');
                                writeViewState(self.state);
                            },
                        },
                        tooltip: {
                            callbacks: {
                                title: (items) => items.length ? `${formatValue(items[0].parsed.x)} s` : '',
                                label: (item) => self.tooltipLabel(item),
                            },
                        },
                        zoom: {
                            limits: { x: { minRange: 0.001 } },
                            zoom: {
                                wheel: { enabled: true },
                                pinch: { enabled: true },
                                drag: { enabled: true, modifierKey: 'shift' },
                                mode: 'x',
                                onZoomComplete: ({ chart }) => this.rememberZoom(chart),
                            },
                            pan: { enabled: true, mode: 'x', onPanComplete: ({ chart }) => this.rememberZoom(chart) },
                        },
                    },
                },
            });
        }

        yTitle() {
            if (this.state.normalise) return 'share of each event\'s peak';
            return this.state.rate ? 'per second' : 'count per interval';
        }

        tooltipLabel(item) {
            const line = this.series[item.datasetIndex];
            const point = line.points[item.dataIndex];
            if (!point) return line.name;
            const value = this.shown(point, false);
            const unit = line.unit ? ` ${line.unit}` : '';
            const perSecond = this.state.rate ? '/s' : '';
            const share = this.state.normalise ? ` (${formatValue(item.parsed.y * 100)} % of peak)` : '';
            return `${line.name}: ${formatValue(value)}${unit}${perSecond}${share}`;
        }

        rememberZoom(chart) {
            const scale = chart.scales.x;
            this.state.zoom = { min: scale.min, max: scale.max };
            writeViewState(this.state);
            if (this.finished && this.downsampled) this.refineSoon();
        }

        // A stored run that was downsampled is fetched again for the visible range, at full detail where it fits.
        refineSoon() {
            window.clearTimeout(this.refineTimer);
            this.refineTimer = window.setTimeout(() => this.loadStored(this.state.zoom), REFINE_DELAY_MS);
        }

        bindToolbar() {
            const toolbar = this.island.querySelector('.chart-toolbar');
            if (!toolbar) return;
            const pressed = { 'toggle-log': 'log', 'toggle-rate': 'rate', 'toggle-normalise': 'normalise' };
            for (const button of toolbar.querySelectorAll('button[data-action]')) {
                const key = pressed[button.dataset.action];
                if (key) button.setAttribute('aria-pressed', String(this.state[key]));
                button.addEventListener('click', () => {
                    if (button.dataset.action === 'reset-zoom') {
                        this.chart.resetZoom();
                        this.chart.options.scales.x.min = undefined;
                        this.chart.options.scales.x.max = undefined;
                        this.state.zoom = null;
                        this.chart.update('none');
                        if (this.finished && this.downsampled) this.loadStored(null);
                    } else {
                        this.state[key] = !this.state[key];
                        button.setAttribute('aria-pressed', String(this.state[key]));
                        this.applyMode();
                    }
                    writeViewState(this.state);
                });
            }
        }

        applyMode() {
            const y = this.chart.options.scales.y;
            y.type = this.state.log ? 'logarithmic' : 'linear';
            y.title.text = this.yTitle();
            this.redrawAll();
        }

        // What is drawn for a point: the count, or count ÷ interval length in rate mode, optionally ÷ the line's peak.
        shown(point, normalise, peak) {
            if (point.v === null || point.v === undefined) return null;
            let value = point.v;
            if (this.state.rate) value = point.dt > 0 ? value / point.dt : null;
            if (normalise && this.state.normalise && value !== null) value = peak > 0 ? value / peak : 0;
            if (this.state.log && value !== null && value <= 0) return null;
            return value;
        }

        peakOf(line) {
            let peak = 0;
            for (const point of line.points) {
                const value = this.shown(point, false);
                if (value !== null && Math.abs(value) > peak) peak = Math.abs(value);
            }
            return peak;
        }

        drawn(line) {
            const peak = this.state.normalise ? this.peakOf(line) : 0;
            return line.points.map((point) => ({ x: point.t, y: this.shown(point, true, peak) }));
        }

        redrawAll() {
            this.chart.data.datasets.forEach((dataset, index) => { dataset.data = this.drawn(this.series[index]); });
            this.chart.update('none');
        }

        setSeries(lines) {
            this.series = lines;
            this.chart.data.datasets = lines.map((line, index) => ({
                label: line.unit ? `${line.name} (${line.unit})` : line.name,
                data: this.drawn(line),
                borderColor: COLOURS[index % COLOURS.length],
                backgroundColor: COLOURS[index % COLOURS.length],
                hidden: this.state.hidden.has(line.name),
            }));
            this.chart.update('none');
        }

        showCount() {
            this.island.dataset.points = String(this.intervalCount);
            if (this.pointsLabel) {
                const detail = this.downsampled ? ' (downsampled; zoom in for detail)' : '';
                this.pointsLabel.textContent = `${this.intervalCount} intervals${detail}`;
            }
        }

        async loadStored(range) {
            const url = new URL(this.island.dataset.seriesUrl, window.location.href);
            if (range) {
                url.searchParams.set('from', String(range.min));
                url.searchParams.set('to', String(range.max));
            }
            let body;
            try {
                const response = await fetch(url, { headers: { Accept: 'application/json' } });
                if (!response.ok) throw new Error(`HTTP ${response.status}`);
                body = await response.json();
            } catch (error) {
                // say so rather than leave an empty chart that looks like a run without data
                if (this.pointsLabel) this.pointsLabel.textContent = `Could not load the series (${error.message}); reload to try again`;
                return;
            }
            this.intervalCount = body.intervalCount;
            this.downsampled = body.downsampled || this.downsampled;
            this.setSeries(body.series.map((line) => ({
                name: line.name,
                unit: line.unit,
                points: line.points.map(([t, v, dt]) => ({ t, v, dt })),
            })));
            this.showCount();
        }

        addSample(sample) {
            this.pending.push(sample);
            if (!this.frameRequested) {
                this.frameRequested = true;
                window.requestAnimationFrame(() => this.flush());
            }
        }

        // Everything that arrived since the last frame goes into one chart update.
        flush() {
            this.frameRequested = false;
            const batch = this.pending;
            this.pending = [];
            for (const sample of batch) {
                const dt = sample.t - this.lastTime;
                this.lastTime = sample.t;
                this.series.forEach((line, e) => line.points.push({ t: sample.t, v: e < sample.v.length ? sample.v[e] : null, dt }));
            }
            this.intervalCount += batch.length;
            if (this.state.normalise) {
                this.redrawAll();
            } else {
                this.chart.data.datasets.forEach((dataset, e) => {
                    const points = this.series[e].points;
                    for (let i = points.length - batch.length; i < points.length; i++) {
                        dataset.data.push({ x: points[i].t, y: this.shown(points[i], true, 0) });
                    }
                });
                this.chart.update('none');
            }
            this.showCount();
        }

        connect() {
            this.source = new EventSource(this.island.dataset.streamUrl);
            this.source.addEventListener(STREAM_EVENTS.series, (message) => {
                const series = JSON.parse(message.data);
                const known = new Map(this.series.map((line) => [line.name, line]));
                this.setSeries(series.events.map((name, index) =>
                    known.get(name) || { name, unit: series.units[index] || '', points: [] }));
            });
            this.source.addEventListener(STREAM_EVENTS.sample, (message) => {
                if (this.streaming) this.addSample(JSON.parse(message.data));
            });
            this.source.addEventListener(STREAM_EVENTS.status, (message) => showStatus(this.result, JSON.parse(message.data)));
            this.source.addEventListener(STREAM_EVENTS.done, () => {
                this.close();
                finish(this.result);
            });
        }

        close() {
            window.clearTimeout(this.refineTimer);
            if (this.source) {
                this.source.close();
                this.source = null;
            }
        }
    }

    function start(root) {
        for (const island of root.querySelectorAll('.chart-island')) {
            if (!island.benchmarkChart) island.benchmarkChart = new BenchmarkChart(island);
        }
        for (const watcher of root.querySelectorAll('.run-watcher')) {
            if (!watcher.runWatcher) watcher.runWatcher = new RunWatcher(watcher);
        }
    }

    document.addEventListener('DOMContentLoaded', () => start(document));
    document.addEventListener('htmx:afterSettle', (event) => start(event.target));
})();
