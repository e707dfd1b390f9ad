// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FRAME_FALLBACK_MS, onNextFrame } from '../src/next-frame.js';

/** A page's clock whose frames and timers fire only when the test says so. */
function fakeClock() {
    /** @type {Map<number, () => void>} */
    const frames = new Map();
    /** @type {Map<number, { callback: () => void, delay: number }>} */
    const timers = new Map();
    let nextId = 1;
    const clock = {
        frames,
        timers,
        /** @param {FrameRequestCallback} callback */
        requestAnimationFrame: (callback) => { frames.set(nextId, () => callback(0)); return nextId++; },
        /** @param {number} id */
        cancelAnimationFrame: (id) => { frames.delete(id); },
        /** @param {() => void} callback @param {number} delay */
        setTimeout: (callback, delay) => { timers.set(nextId, { callback, delay }); return nextId++; },
        /** @param {number} id */
        clearTimeout: (id) => { timers.delete(id); },
        frame() { for (const [id, callback] of [...frames]) { frames.delete(id); callback(); } },
        timeout() { for (const [id, { callback }] of [...timers]) { timers.delete(id); callback(); } },
    };
    return /** @type {typeof clock & Pick<typeof globalThis, 'requestAnimationFrame' | 'cancelAnimationFrame' | 'setTimeout' | 'clearTimeout'>} */ (/** @type {unknown} */ (clock));
}

describe('drawing on the next frame', () => {
    it('draws on the frame, once, and drops the timer', () => {
        const clock = fakeClock();
        let calls = 0;
        onNextFrame(() => calls++, clock);
        clock.frame();
        assert.equal(calls, 1);
        assert.equal(clock.timers.size, 0);
        clock.timeout();
        assert.equal(calls, 1);
    });

    it('draws on the timer when a hidden page gets no frame, once', () => {
        const clock = fakeClock();
        let calls = 0;
        onNextFrame(() => calls++, clock);
        assert.deepEqual([...clock.timers.values()].map((timer) => timer.delay), [FRAME_FALLBACK_MS]);
        clock.timeout();
        assert.equal(calls, 1);
        assert.equal(clock.frames.size, 0);
        clock.frame();
        assert.equal(calls, 1);
    });

    it('draws nothing once cancelled', () => {
        const clock = fakeClock();
        let calls = 0;
        const cancel = onNextFrame(() => calls++, clock);
        cancel();
        clock.frame();
        clock.timeout();
        assert.equal(calls, 0);
        assert.equal(clock.frames.size + clock.timers.size, 0);
    });
});
