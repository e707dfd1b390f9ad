// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FRAME_FALLBACK_MS, IDLE_PER_DRAW, PacedDraw, onNextFrame } from '../src/next-frame.js';

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
        time: 1000,
        performance: { now: () => clock.time },
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
    return /** @type {typeof clock & Pick<typeof globalThis, 'requestAnimationFrame' | 'cancelAnimationFrame' | 'setTimeout' | 'clearTimeout' | 'performance'>} */ (/** @type {unknown} */ (clock));
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

describe('drawing paced by its cost', () => {
    /** A draw that takes the clock `cost` ms, counting its calls. */
    function costlyDraw(/** @type {ReturnType<typeof fakeClock>} */ clock, /** @type {number} */ cost) {
        const draw = { calls: 0, run: () => { draw.calls++; clock.time += cost; } };
        return draw;
    }

    it('draws the first request on the next frame, once however often it is asked', () => {
        const clock = fakeClock();
        const draw = costlyDraw(clock, 10);
        const paced = new PacedDraw(draw.run, clock);
        paced.request();
        paced.request();
        assert.equal(paced.due, true);
        clock.frame();
        assert.equal(draw.calls, 1);
        assert.equal(paced.due, false);
    });

    it('leaves the page idle for IDLE_PER_DRAW times as long as the last draw took, then waits for a frame', () => {
        const clock = fakeClock();
        const draw = costlyDraw(clock, 40);
        const paced = new PacedDraw(draw.run, clock);
        paced.request();
        clock.frame();
        clock.time += 10;
        paced.request();
        // no frame is asked for until the idle time is over: only the pacing timer waits, for what is left of it
        assert.equal(clock.frames.size, 0);
        assert.deepEqual([...clock.timers.values()].map((timer) => timer.delay), [IDLE_PER_DRAW * 40 - 10]);
        clock.timeout();
        assert.equal(draw.calls, 1);
        clock.frame();
        assert.equal(draw.calls, 2);
    });

    it('draws at once on the next frame when the idle time has passed', () => {
        const clock = fakeClock();
        const draw = costlyDraw(clock, 5);
        const paced = new PacedDraw(draw.run, clock);
        paced.request();
        clock.frame();
        clock.time += IDLE_PER_DRAW * 5;
        paced.request();
        assert.equal(clock.frames.size, 1);
        clock.frame();
        assert.equal(draw.calls, 2);
    });

    it('forgets a request once cancelled, whether it waits for its idle time or for a frame', () => {
        const clock = fakeClock();
        const draw = costlyDraw(clock, 20);
        const paced = new PacedDraw(draw.run, clock);
        paced.request();
        paced.cancel();
        clock.frame();
        clock.timeout();
        assert.equal(draw.calls, 0);
        paced.request();
        clock.frame();
        paced.request();
        paced.cancel();
        clock.timeout();
        clock.frame();
        assert.equal(draw.calls, 1);
        assert.equal(clock.frames.size + clock.timers.size, 0);
    });
});
