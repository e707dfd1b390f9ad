// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLabelledLogTick, seriesColour, SERIES_COLOURS, timeChartOptions, xZoomOptions } from '../src/chart-options.js';

/** @param {number[]} values */
const ticksOf = (values) => values.map((value) => ({ value }));

describe('log axis labels', () => {
    it('labels only 1, 2 and 5 × 10ⁿ when a range spans decades', () => {
        const ticks = ticksOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
        const labelled = ticks.filter((tick) => isLabelledLogTick(tick.value, ticks)).map((tick) => tick.value);
        assert.deepEqual(labelled, [1, 2, 5, 10, 20, 50, 100]);
    });

    it('labels every whole multiple within less than a decade', () => {
        const ticks = ticksOf([300, 400, 500, 600, 700]);
        const labelled = ticks.filter((tick) => isLabelledLogTick(tick.value, ticks)).map((tick) => tick.value);
        assert.deepEqual(labelled, [300, 400, 500, 600, 700]);
    });

    it('labels everything rather than fewer than two ticks', () => {
        const ticks = ticksOf([310, 315, 320]);
        assert.ok(ticks.every((tick) => isLabelledLogTick(tick.value, ticks)));
    });
});

describe('shared chart options', () => {
    it('puts seconds on a linear x axis with the given range and y axis', () => {
        const options = timeChartOptions({ xMin: 1, xMax: 2, y: { beginAtZero: true }, plugins: { legend: { display: false } } });
        assert.equal(options.animation, false);
        assert.equal(options.parsing, false);
        assert.deepEqual(options.scales?.x, { type: 'linear', title: { display: true, text: 'seconds' }, min: 1, max: 2 });
        assert.deepEqual(options.scales?.y, { beginAtZero: true });
        assert.deepEqual(options.interaction, { mode: 'nearest', axis: 'x', intersect: false });
    });

    it('zooms and pans along x only and reports the chart when done', () => {
        /** @type {unknown[]} */
        const changed = [];
        const zoom = xZoomOptions({
            limits: { x: { minRange: 1 } },
            wheelModifier: 'ctrl',
            dragModifier: undefined,
            panModifier: 'shift',
            onChange: (chart) => changed.push(chart),
        });
        assert.equal(zoom.zoom?.mode, 'x');
        assert.equal(zoom.pan?.mode, 'x');
        assert.equal(zoom.zoom?.wheel?.modifierKey, 'ctrl');
        assert.equal(zoom.pan?.modifierKey, 'shift');
        const chart = /** @type {any} */ ({ id: 1 });
        zoom.zoom?.onZoomComplete?.({ chart });
        zoom.pan?.onPanComplete?.({ chart });
        assert.deepEqual(changed, [chart, chart]);
    });

    it('cycles through the series colours', () => {
        assert.equal(seriesColour(0), SERIES_COLOURS[0]);
        assert.equal(seriesColour(SERIES_COLOURS.length + 2), SERIES_COLOURS[2]);
    });
});
