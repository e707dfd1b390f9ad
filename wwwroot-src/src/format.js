// @ts-check
// How numbers, times and shares are written on the result pages. Pure: no DOM.

/**
 * A count or rate for a chart's tooltip or axis: grouped digits, three decimals for small values, exponents for
 * the tiny and the huge; a missing value is a dash.
 * @param {number | null | undefined} value
 * @returns {string}
 */
export function formatValue(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return '—';
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 0.01 || abs >= 1e12)) return value.toExponential(3);
    return value.toLocaleString('en-US', { maximumFractionDigits: abs < 10 ? 3 : 1 });
}

/**
 * The server's Format.Time: "2026-11-25 10:04:14 UTC". A time without an offset is UTC, as the server stores it.
 * @param {string} iso
 * @returns {string} empty when iso is not a time
 */
export function formatUtc(iso) {
    const time = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
    return Number.isNaN(time.getTime()) ? '' : `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Seconds with milliseconds: "1.250 s".
 * @param {number} seconds
 * @returns {string}
 */
export function formatSeconds(seconds) {
    return `${seconds.toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 })} s`;
}

/**
 * Rounds to milliseconds (of seconds): finer than any interval or histogram bucket perf gives, and short in URLs.
 * @param {number} value
 * @returns {number}
 */
export function roundToMilliseconds(value) {
    return Math.round(value * 1000) / 1000;
}

/**
 * A sample count with grouped digits.
 * @param {number} value
 * @returns {string}
 */
export function formatCount(value) {
    return Math.round(value).toLocaleString('en-US');
}

/**
 * A fraction as a percentage with two decimals; a share too small to show is "< 0.01 %", never "0.00 %".
 * @param {number} fraction
 * @returns {string}
 */
export function formatPercent(fraction) {
    const percent = fraction * 100;
    if (percent > 0 && percent < 0.01) return '< 0.01 %';
    return `${percent.toFixed(2)} %`;
}
