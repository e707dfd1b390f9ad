// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyViewState, readViewState } from '../src/view-state.js';

describe('chart view state in the URL', () => {
    it('is the default view when the URL says nothing', () => {
        const state = readViewState('');
        assert.deepEqual(state, { log: false, rate: false, normalise: false, overlay: false, hidden: new Set(), zoom: null });
    });

    it('reads every flag, hidden series and the zoomed range', () => {
        const state = readViewState('?view=log,rate,norm,overlay&hidden=page-faults,cpu%252Fevent%253D0x3c%252F&zoom=1.5,2.25');
        assert.equal(state.log, true);
        assert.equal(state.rate, true);
        assert.equal(state.normalise, true);
        assert.equal(state.overlay, true);
        assert.deepEqual([...state.hidden], ['page-faults', 'cpu/event=0x3c/']);
        assert.deepEqual(state.zoom, { min: 1.5, max: 2.25 });
    });

    it('ignores a malformed or reversed zoom', () => {
        assert.equal(readViewState('?zoom=2,1').zoom, null);
        assert.equal(readViewState('?zoom=a,b').zoom, null);
        assert.equal(readViewState('?zoom=1').zoom, null);
        assert.equal(readViewState('?zoom=1,1').zoom, null);
    });

    it('round-trips through a URL, keeping the page\'s own parameters', () => {
        const url = new URL('http://localhost/sessions/3?benchmark=7');
        const state = {
            log: true, rate: false, normalise: true, overlay: true,
            hidden: new Set(['task-clock', 'a,b']),
            zoom: { min: 0.12345, max: 9.87654 },
        };
        applyViewState(url, state);
        assert.equal(url.searchParams.get('benchmark'), '7');
        assert.equal(url.searchParams.get('view'), 'log,norm,overlay');
        assert.equal(url.searchParams.get('zoom'), '0.123,9.877');
        const back = readViewState(url.search);
        assert.deepEqual([...back.hidden], ['task-clock', 'a,b']);
        assert.deepEqual(back.zoom, { min: 0.123, max: 9.877 });
        assert.equal(back.log, true);
        assert.equal(back.normalise, true);
        assert.equal(back.overlay, true);
    });

    it('leaves the default view out of the URL', () => {
        const url = new URL('http://localhost/benchmarks/1?view=log&hidden=x&zoom=1,2');
        applyViewState(url, { log: false, rate: false, normalise: false, overlay: false, hidden: new Set(), zoom: null });
        assert.equal(url.search, '');
    });
});
