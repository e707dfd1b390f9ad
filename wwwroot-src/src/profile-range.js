// @ts-check
// The time range a perf record result shows, as the page URL (?range=from,to in seconds), the section's data-range
// and the requests for the table, flame graph and downloads carry it. Pure but for writeUrlRange.

import { roundToMilliseconds } from './format.js';

export const RANGE_PARAM = 'range';

/** @typedef {{ from: number, to: number }} TimeRange */

/**
 * Reads "from,to"; anything else (missing, malformed, empty or reversed) is the whole recording.
 * @param {string | null | undefined} text
 * @returns {TimeRange | null}
 */
export function parseRange(text) {
    const parts = String(text || '').split(',').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite) || parts[0] >= parts[1]) return null;
    return { from: parts[0], to: parts[1] };
}

/**
 * "from,to" to the millisecond; empty for the whole recording.
 * @param {TimeRange | null} range
 * @returns {string}
 */
export function rangeText(range) {
    return range ? `${roundToMilliseconds(range.from)},${roundToMilliseconds(range.to)}` : '';
}

/**
 * The query parameters that ask the server for a range: from and to, or none for the whole recording.
 * @param {TimeRange | null} range
 * @returns {Record<string, string>}
 */
export function rangeParams(range) {
    return range ? { from: String(roundToMilliseconds(range.from)), to: String(roundToMilliseconds(range.to)) } : {};
}

/**
 * The request URL for one of the section's data URLs: the event is part of every request (unless the page already
 * put it in the URL it rendered), then the extra parameters.
 * @param {string} template
 * @param {string | undefined} event
 * @param {Record<string, string>} [extra]
 * @param {string} [base] what relative templates are resolved against
 * @returns {URL}
 */
export function profileUrl(template, event, extra, base) {
    const url = new URL(template, base ?? window.location.href);
    if (event !== undefined && event !== '' && !url.searchParams.has('event')) url.searchParams.set('event', event);
    for (const [key, value] of Object.entries(extra || {})) url.searchParams.set(key, value);
    return url;
}

/**
 * Sets or removes ?range in url; a literal comma is valid in a query and keeps shared links readable.
 * @param {URL} url changed in place
 * @param {TimeRange | null} range
 */
export function applyRange(url, range) {
    if (range) url.searchParams.set(RANGE_PARAM, rangeText(range));
    else url.searchParams.delete(RANGE_PARAM);
    url.search = url.searchParams.toString().replace(/%2C/gi, ',');
}

/**
 * Puts the range into the address bar without a history entry.
 * @param {TimeRange | null} range
 */
export function writeUrlRange(range) {
    const url = new URL(window.location.href);
    applyRange(url, range);
    window.history.replaceState(window.history.state, '', url);
}
