// The chart island of a benchmark result: follows the benchmark's Server-Sent Events stream and draws one line per
// perf event. Served as a file (no inline script), it finds its elements by class and reads settings from data-
// attributes, so htmx can swap results in and out and each new island starts itself.
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

    function readViewState() {
        const params = new URLSearchParams(window.location.search);
        const flags = new Set((params.get(VIEW_PARAM) || '').split(',').filter(Boolean));
        const zoom = (params.get(ZOOM_PARAM) || '').split(',').map(Number);
        return {
            log: flags.has('log'),
            rate: flags.has('rate'),
            normalise: flags.has('norm'),
            hidden: new Set((params.get(HIDDEN_PARAM) || '').split(',').filter(Boolean).map(decodeURIComponent)),
            zoom: zoom.length === 2 && zoom.every(Number.isFinite) ? { min: zoom[0], max: zoom[1] } : null,
        };
    }

    function writeViewState(state) {
        const url = new URL(window.location.href);
        const flags = [];
        if (state.log) flags.push('log');
        if (state.rate) flags.push('rate');
        if (state.normalise) flags.push('norm');
        setParam(url, VIEW_PARAM, flags.join(','));
        setParam(url, HIDDEN_PARAM, [...state.hidden].map(encodeURIComponent).join(','));
        setParam(url, ZOOM_PARAM, state.zoom ? `${round(state.zoom.min)},${round(state.zoom.max)}` : '');
        window.history.replaceState(window.history.state, '', url);
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

    class BenchmarkChart {
        constructor(island) {
            this.island = island;
            this.result = island.closest('[data-benchmark-id]');
            this.finished = island.dataset.finished === 'true';
            this.streaming = island.dataset.streaming !== 'false';
            this.pointsLabel = island.querySelector('.chart-points');
            this.state = readViewState();
            this.events = [];
            this.units = [];
            this.times = [];
            this.values = [];
            this.pending = [];
            this.frameRequested = false;
            this.chart = this.createChart(island.querySelector('canvas'));
            this.bindToolbar();
            this.connect();
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
                        y: { type: this.state.log ? 'logarithmic' : 'linear', title: { display: true, text: this.yTitle() } },
                    },
                    plugins: {
                        decimation: { enabled: true, algorithm: 'lttb', samples: 800 },
                        legend: {
                            position: 'bottom',
                            onClick(event, item, legend) {
                                const name = self.events[item.datasetIndex];
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
            const index = item.datasetIndex;
            const raw = this.values[index] ? this.values[index][item.dataIndex] : null;
            const unit = this.units[index] || '';
            const perSecond = this.state.rate ? '/s' : '';
            const value = this.pointValue(index, item.dataIndex, { normalise: false });
            const shown = this.state.normalise ? ` (${formatValue(item.parsed.y * 100)} % of peak)` : '';
            return `${this.events[index]}: ${formatValue(value ?? raw)} ${unit}${perSecond}${shown}`;
        }

        rememberZoom(chart) {
            const scale = chart.scales.x;
            this.state.zoom = { min: scale.min, max: scale.max };
            writeViewState(this.state);
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
            this.chart.data.datasets.forEach((dataset, index) => { dataset.data = this.seriesPoints(index); });
            this.chart.update('none');
        }

        // The value drawn for sample i of event e: the count, or the count over the interval's length in rate mode.
        pointValue(e, i, { normalise }) {
            const value = this.values[e][i];
            if (value === null || value === undefined) return null;
            let shown = value;
            if (this.state.rate) {
                const previous = i > 0 ? this.times[i - 1] : 0;
                const seconds = this.times[i] - previous;
                shown = seconds > 0 ? value / seconds : null;
            }
            if (normalise && this.state.normalise && shown !== null) {
                const peak = this.peak(e);
                shown = peak > 0 ? shown / peak : 0;
            }
            if (this.state.log && shown !== null && shown <= 0) return null;
            return shown;
        }

        peak(e) {
            let peak = 0;
            for (let i = 0; i < this.values[e].length; i++) {
                const v = this.pointValue(e, i, { normalise: false });
                if (v !== null && Math.abs(v) > peak) peak = Math.abs(v);
            }
            return peak;
        }

        seriesPoints(e) {
            const points = new Array(this.times.length);
            for (let i = 0; i < this.times.length; i++) {
                points[i] = { x: this.times[i], y: this.pointValue(e, i, { normalise: true }) };
            }
            return points;
        }

        setSeries(events, units) {
            this.events = events;
            this.units = units;
            while (this.values.length < events.length) this.values.push(new Array(this.times.length).fill(null));
            this.chart.data.datasets = events.map((name, index) => ({
                label: units[index] ? `${name} (${units[index]})` : name,
                data: this.seriesPoints(index),
                borderColor: COLOURS[index % COLOURS.length],
                backgroundColor: COLOURS[index % COLOURS.length],
                hidden: this.state.hidden.has(name),
                spanGaps: false,
            }));
            this.chart.update('none');
        }

        addSample(sample) {
            this.pending.push(sample);
            if (!this.frameRequested) {
                this.frameRequested = true;
                window.requestAnimationFrame(() => this.flush());
            }
        }

        // Batches every sample that arrived since the last frame into one chart update.
        flush() {
            this.frameRequested = false;
            const batch = this.pending;
            this.pending = [];
            for (const sample of batch) {
                this.times.push(sample.t);
                for (let e = 0; e < this.values.length; e++) {
                    this.values[e].push(e < sample.v.length ? sample.v[e] : null);
                }
            }
            if (this.state.normalise) {
                this.chart.data.datasets.forEach((dataset, index) => { dataset.data = this.seriesPoints(index); });
            } else {
                const start = this.times.length - batch.length;
                this.chart.data.datasets.forEach((dataset, e) => {
                    for (let i = start; i < this.times.length; i++) {
                        dataset.data.push({ x: this.times[i], y: this.pointValue(e, i, { normalise: true }) });
                    }
                });
            }
            this.chart.update('none');
            this.island.dataset.points = String(this.times.length);
            if (this.pointsLabel) this.pointsLabel.textContent = `${this.times.length} intervals`;
        }

        connect() {
            this.source = new EventSource(this.island.dataset.streamUrl);
            const takeSamples = this.finished || this.streaming;
            this.source.addEventListener(STREAM_EVENTS.series, (message) => {
                const series = JSON.parse(message.data);
                this.setSeries(series.events, series.units);
            });
            this.source.addEventListener(STREAM_EVENTS.sample, (message) => {
                if (takeSamples) this.addSample(JSON.parse(message.data));
            });
            this.source.addEventListener(STREAM_EVENTS.status, (message) => {
                const status = JSON.parse(message.data);
                const badge = this.result && this.result.querySelector('#result-status');
                if (badge) {
                    badge.textContent = status.status;
                    badge.className = `status status-${status.status.toLowerCase()}`;
                }
            });
            this.source.addEventListener(STREAM_EVENTS.done, () => {
                this.close();
                if (!this.finished && this.result && window.htmx) {
                    // the run ended while we watched: let htmx swap in the final summary and table
                    window.htmx.trigger(this.result, 'benchmark-done');
                }
            });
        }

        close() {
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
    }

    document.addEventListener('DOMContentLoaded', () => start(document));
    document.addEventListener('htmx:afterSettle', (event) => start(event.target));
})();
