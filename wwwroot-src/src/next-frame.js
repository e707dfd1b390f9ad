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
