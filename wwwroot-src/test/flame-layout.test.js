// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    COLOURS, colourOf, findMatches, findPath, flatten, frameAt, frameBox, hashOf, matchedWithin, matcherFor, pathOf,
    ROW_HEIGHT, visibleRows, widestChild,
} from '../src/flame-layout.js';

// all (10) ─┬─ sh (6) ─┬─ main (5) ─┬─ work (4) ─ work (3)
//           │          │            └─ [unknown] (1)
//           │          └─ (self 1)
//           └─ awk (4) ── main (4)
const graph = {
    name: 'all', value: 10, children: [
        {
            name: 'sh', dso: '/usr/bin/dash', value: 6, self: 1, children: [
                {
                    name: 'main', dso: '/usr/bin/dash', value: 5, children: [
                        { name: 'work', dso: '/usr/bin/dash', value: 4, self: 1, children: [{ name: 'work', dso: '/usr/bin/dash', value: 3, self: 3 }] },
                        { name: '[unknown]', dso: '[unknown]', value: 1, self: 1 },
                    ],
                },
            ],
        },
        { name: 'awk', value: 4, children: [{ name: 'main', dso: '/usr/bin/mawk', value: 4, self: 4 }] },
    ],
};

describe('flattening the flame graph', () => {
    const tree = flatten(graph);

    it('lists frames depth first with each subtree right after its frame', () => {
        assert.deepEqual(tree.names, ['all', 'sh', 'main', 'work', 'work', '[unknown]', 'awk', 'main']);
        assert.deepEqual([...tree.depth], [0, 1, 2, 3, 4, 3, 1, 2]);
        assert.deepEqual([...tree.parent], [-1, 0, 1, 2, 3, 2, 0, 6]);
        assert.deepEqual([...tree.end], [8, 6, 6, 5, 5, 6, 8, 8]);
    });

    it('places each frame at its left edge in samples', () => {
        assert.deepEqual([...tree.start], [0, 0, 0, 0, 0, 4, 6, 6]);
        assert.deepEqual([...tree.value], [10, 6, 5, 4, 3, 1, 4, 4]);
        assert.deepEqual([...tree.self], [0, 1, 0, 1, 3, 1, 0, 4]);
    });

    it('finds frames by their path and gives it back', () => {
        assert.equal(findPath(tree, ['sh', 'main', 'work', 'work']), 4);
        assert.equal(findPath(tree, ['awk', 'main']), 7);
        assert.equal(findPath(tree, ['awk', 'work']), -1);
        assert.equal(findPath(tree, []), 0);
        assert.deepEqual(pathOf(tree, 5), ['sh', 'main', '[unknown]']);
    });
});

describe('searching the flame graph', () => {
    const tree = flatten(graph);

    it('counts each sample once however often its stack matches', () => {
        const { matches, frames } = findMatches(tree, matcherFor('work'));
        assert.equal(frames, 2);
        assert.equal(matchedWithin(tree, matches, 0), 4);
        assert.equal(matchedWithin(tree, matches, 6), 0);
    });

    it('never matches the root', () => {
        const { matches } = findMatches(tree, matcherFor('all'));
        assert.equal(matches[0], 0);
    });

    it('takes a regular expression, case-insensitively, or plain text when it is not one', () => {
        assert.equal(matcherFor('^MA.n$')('main'), true);
        assert.equal(matcherFor('[unknown')('x [unknown] y'), true);
        assert.equal(matcherFor('[unknown')('unknown'), false);
    });
});

describe('laying out the flame graph', () => {
    const tree = flatten(graph);

    it('fills the width with the zoomed frame and stacks its descendants below it', () => {
        const scale = 100 / tree.value[2];
        const rows = visibleRows(tree, 2, scale);
        assert.deepEqual(rows, [[2], [3, 5], [4]]);
        assert.deepEqual(frameBox(tree, 2, scale, 5), { x: 80, y: ROW_HEIGHT, width: 20 });
        assert.equal(frameAt(tree, 2, scale, rows[1], 79.9), 3);
        assert.equal(frameAt(tree, 2, scale, rows[1], 80), 5);
        assert.equal(frameAt(tree, 2, scale, rows[1], 100), -1);
        assert.equal(frameAt(tree, 2, scale, undefined, 10), -1);
    });

    it('skips frames narrower than half a pixel with their whole subtree', () => {
        const rows = visibleRows(tree, 0, 0.45 / 4);
        assert.deepEqual(rows, [[0], [1], [2]]);
    });

    it('goes down to the widest visible child', () => {
        assert.equal(widestChild(tree, 10, 2), 3);
        assert.equal(widestChild(tree, 10, 4), -1);
    });
});

describe('flame graph colours', () => {
    it('keeps a function\'s colour across reloads', () => {
        assert.equal(hashOf('main'), hashOf('main'));
        assert.notEqual(hashOf('main'), hashOf('mian'));
        assert.ok(hashOf('x') >= 0 && hashOf('x') < 1);
    });

    it('greys unresolved frames, paints the kernel orange and user space red to yellow', () => {
        assert.equal(colourOf('all', '', 0), COLOURS.root);
        assert.equal(colourOf('[unknown]', '/usr/bin/dash', 3), COLOURS.unknown);
        assert.equal(colourOf('f', '[unknown]', 3), COLOURS.unknown);
        const hue = (/** @type {string} */ colour) => Number(/^hsl\((\d+)/.exec(colour)?.[1]);
        for (const name of ['do_syscall_64', 'schedule', 'x', 'page_fault']) {
            const kernel = hue(colourOf(name, '[kernel.kallsyms]', 2));
            assert.ok(kernel >= 26 && kernel <= 34, `kernel hue ${kernel}`);
            const user = hue(colourOf(name, '/usr/lib/libc.so.6', 2));
            assert.ok(user <= 14 || (user >= 44 && user <= 56), `user hue ${user}`);
        }
    });
});
