// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitEventList } from '../src/event-list-syntax.js';
import { formatCount, formatPercent, formatSeconds, formatUtc, formatValue, roundToMilliseconds } from '../src/format.js';

describe('number formats', () => {
    it('writes values with grouped digits, exponents for the tiny and huge, a dash for none', () => {
        assert.equal(formatValue(1234567.891), '1,234,567.9');
        assert.equal(formatValue(3.14159), '3.142');
        assert.equal(formatValue(0.001234), '1.234e-3');
        assert.equal(formatValue(2e13), '2.000e+13');
        assert.equal(formatValue(0), '0');
        assert.equal(formatValue(null), '—');
        assert.equal(formatValue(Number.NaN), '—');
    });

    it('writes times as the server does, in UTC', () => {
        assert.equal(formatUtc('2026-11-25T10:04:14.123'), '2026-11-25 10:04:14 UTC');
        assert.equal(formatUtc('2026-11-25T11:04:14+01:00'), '2026-11-25 10:04:14 UTC');
        assert.equal(formatUtc('not a time'), '');
    });

    it('writes seconds, counts and shares', () => {
        assert.equal(formatSeconds(1234.5), '1,234.500 s');
        assert.equal(roundToMilliseconds(1.23456), 1.235);
        assert.equal(formatCount(1234.6), '1,235');
        assert.equal(formatPercent(0.12345), '12.35 %');
        assert.equal(formatPercent(0.00001), '< 0.01 %');
        assert.equal(formatPercent(0), '0.00 %');
    });
});

describe('event lists as perf -e reads them', () => {
    it('splits at top-level commas only', () => {
        assert.deepEqual(splitEventList('task-clock, page-faults,,'), ['task-clock', 'page-faults']);
        assert.deepEqual(splitEventList('{cycles,instructions},task-clock'), ['{cycles,instructions}', 'task-clock']);
        assert.deepEqual(splitEventList('cpu/event=0x3c,umask=0/,r01c2'), ['cpu/event=0x3c,umask=0/', 'r01c2']);
        assert.deepEqual(splitEventList('{cpu/event=0x3c,umask=0/,cycles}:S,faults'), ['{cpu/event=0x3c,umask=0/,cycles}:S', 'faults']);
        assert.deepEqual(splitEventList('sched:sched_switch,mem_load_retired.l3_miss:c2'), ['sched:sched_switch', 'mem_load_retired.l3_miss:c2']);
    });
});
