// @ts-check
// The interval chart's view (log scale, rate, normalised, all repetitions overlaid, hidden series, zoomed range) lives in the page URL and in the
// result's share link, so that a link someone copies opens what they are looking at.

import { roundToMilliseconds } from './format.js';

const VIEW_PARAM = 'view';
const HIDDEN_PARAM = 'hidden';
const ZOOM_PARAM = 'zoom';

/**
 * @typedef {object} ChartViewState
 * @property {boolean} log logarithmic y axis
 * @property {boolean} rate values per second instead of per interval
 * @property {boolean} normalise each series divided by its peak
 * @property {boolean} overlay every repetition's series at once (a repeated benchmark's chart)
 * @property {Set<string>} hidden the names of the series hidden from the chart
 * @property {{ min: number, max: number } | null} zoom the visible x range in seconds, or null for all of it
 */

/**
 * Reads the view from a query string; anything missing or malformed means the default view.
 * @param {string} search a URL's search part, "?view=log&zoom=1,2"
 * @returns {ChartViewState}
 */
export function readViewState(search) {
    const params = new URLSearchParams(search);
    const flags = new Set((params.get(VIEW_PARAM) || '').split(',').filter(Boolean));
    const zoom = (params.get(ZOOM_PARAM) || '').split(',').map(Number);
    return {
        log: flags.has('log'),
        rate: flags.has('rate'),
        normalise: flags.has('norm'),
        overlay: flags.has('overlay'),
        hidden: new Set((params.get(HIDDEN_PARAM) || '').split(',').filter(Boolean).map(decodeURIComponent)),
        zoom: zoom.length === 2 && zoom.every(Number.isFinite) && zoom[0] < zoom[1] ? { min: zoom[0], max: zoom[1] } : null,
    };
}

/**
 * Writes the view into url's query, leaving out what is at its default so that plain links stay plain.
 * @param {URL} url changed in place
 * @param {ChartViewState} state
 */
export function applyViewState(url, state) {
    const flags = [];
    if (state.log) flags.push('log');
    if (state.rate) flags.push('rate');
    if (state.normalise) flags.push('norm');
    if (state.overlay) flags.push('overlay');
    setParam(url, VIEW_PARAM, flags.join(','));
    setParam(url, HIDDEN_PARAM, [...state.hidden].map(encodeURIComponent).join(','));
    setParam(url, ZOOM_PARAM, state.zoom
        ? `${roundToMilliseconds(state.zoom.min)},${roundToMilliseconds(state.zoom.max)}`
        : '');
}

/**
 * @param {URL} url
 * @param {string} name
 * @param {string} value empty removes the parameter
 */
function setParam(url, name, value) {
    if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
}

/**
 * Puts the view into the address bar (without a history entry) and into the share link.
 * @param {ChartViewState} state
 */
export function writeViewState(state) {
    const url = new URL(window.location.href);
    applyViewState(url, state);
    window.history.replaceState(window.history.state, '', url);
    updateShareLink(state);
}

/**
 * The result's share link carries the view too: what someone copies from the page opens what they are looking at.
 * @param {ChartViewState} state
 */
export function updateShareLink(state) {
    const link = document.getElementById('share-link');
    const href = link && link.getAttribute('href');
    if (!link || href === null) return;
    const url = new URL(href, window.location.href);
    applyViewState(url, state);
    link.setAttribute('href', url.pathname + url.search);
}
