// What the pages give the scripts besides the modules they import: the libraries loaded as classic scripts before
// them (WebOcperf/Shared/_Layout.cshtml, _ChartScripts.cshtml), and the objects the scripts hang on the elements they
// enhance (so that htmx swaps, other scripts and the E2E tests can reach them).
import type { Chart, Ticks } from 'chart.js';
import 'chartjs-plugin-zoom';
import type { BenchmarkChart } from './benchmark-chart.js';
import type { CompareSeries } from './compare-series.js';
import type { FlameGraphHandle } from './flame-graph.js';
import type { ProfileView } from './profile-view.js';
import type { RepetitionStrip } from './repetition-strip.js';
import type { RunWatcher } from './run-watcher.js';

declare global {
    interface Window {
        /** chart.umd.min.js, with chartjs-plugin-zoom registered by its UMD build */
        Chart: typeof Chart & { Ticks: typeof Ticks };
        /** htmx.min.js; absent on a page that does not load it */
        htmx?: typeof import('htmx.org').default;
    }

    interface HTMLElement {
        benchmarkChart?: BenchmarkChart;
        flameGraph?: FlameGraphHandle;
        profileView?: ProfileView;
        runWatcher?: RunWatcher;
        repetitionStrip?: RepetitionStrip;
        compareSeries?: CompareSeries;
    }
}
