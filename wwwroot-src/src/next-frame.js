// @ts-check
// Drawing waits for the next animation frame, so that a burst of samples or of input becomes one redraw. A page gets
// no frames while it is hidden (a background tab, a minimised window, a headless browser that composites nothing),
// and a live chart that only drew on frames would then show nothing and pile up every sample it was sent; a timer
// does the work as well, whichever of the two comes first. Browsers slow such timers down in hidden pages to about
// one a second, which is all a page nobody looks at needs.

/** How long a redraw waits for a frame before the timer does it. */
export const FRAME_FALLBACK_MS = 250;

/**
 * Calls work once: on the next animation frame, or after FRAME_FALLBACK_MS when no frame has come by then.
 * @param {() => void} work
 * @param {Pick<typeof globalThis, 'requestAnimationFrame' | 'cancelAnimationFrame' | 'setTimeout' | 'clearTimeout'>} [clock]
 *   the page's own by default; tests pass their own
 * @returns {() => void} cancels the call if it has not happened yet
 */
export function onNextFrame(work, clock = globalThis) {
    let done = false;
    const run = () => {
        if (done) return;
        done = true;
        clock.cancelAnimationFrame(frame);
        clock.clearTimeout(timer);
        work();
    };
    const frame = clock.requestAnimationFrame(run);
    const timer = clock.setTimeout(run, FRAME_FALLBACK_MS);
    return () => {
        done = true;
        clock.cancelAnimationFrame(frame);
        clock.clearTimeout(timer);
    };
}

/** After a paced draw that took d ms, the page is left to everything else for at least this many times d. */
export const IDLE_PER_DRAW = 3;

/**
 * Draws on the next frame like {@link onNextFrame}, paced by what the drawing costs. A live chart of twenty events at
 * 10 ms intervals takes a fast machine about 15 ms to redraw; on a machine four times slower, or a busy one, a redraw
 * per frame would take the whole main thread, and the page would stop answering clicks and scrolls. So after a draw
 * that took d ms the next one waits until IDLE_PER_DRAW × d ms have passed: drawing takes at most a quarter of the
 * page's time on any machine, and everything that arrives meanwhile is drawn together.
 */
export class PacedDraw {
    /**
     * @param {() => void} draw
     * @param {Pick<typeof globalThis, 'requestAnimationFrame' | 'cancelAnimationFrame' | 'setTimeout' | 'clearTimeout' | 'performance'>} [clock]
     *   the page's own by default; tests pass their own
     */
    constructor(draw, clock = globalThis) {
        this.draw = draw;
        this.clock = clock;
        /** @type {(() => void) | null} set while a draw is due */
        this.cancelDue = null;
        /** when the next draw may start, on the clock's performance.now() */
        this.readyAt = -Infinity;
    }

    /** Asks for a draw; asking again before it has happened changes nothing. */
    request() {
        if (this.cancelDue) return;
        const onFrame = () => { this.cancelDue = onNextFrame(() => this.run(), this.clock); };
        const wait = this.readyAt - this.clock.performance.now();
        if (wait <= 0) {
            onFrame();
        } else {
            const timer = this.clock.setTimeout(onFrame, wait);
            this.cancelDue = () => this.clock.clearTimeout(timer);
        }
    }

    /** Whether a draw has been asked for and not yet happened. */
    get due() {
        return this.cancelDue !== null;
    }

    /** Forgets a draw asked for and not yet happened. */
    cancel() {
        this.cancelDue?.();
        this.cancelDue = null;
    }

    run() {
        this.cancelDue = null;
        const start = this.clock.performance.now();
        this.draw();
        const end = this.clock.performance.now();
        this.readyAt = end + IDLE_PER_DRAW * (end - start);
    }
}
