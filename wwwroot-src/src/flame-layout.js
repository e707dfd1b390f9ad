// @ts-check
// The flame graph's data and geometry, without the DOM: the tree flattened into arrays in depth-first order (so a
// frame's descendants are the index range right after it), frame colours, search matching, and which frames are wide
// enough to draw where. flame-graph.js draws and handles input on top of it.

export const ROW_HEIGHT = 18;
// narrower frames (in CSS pixels) are neither drawn nor hit-tested; their samples still count in their parent's width
export const MIN_FRAME_WIDTH = 0.5;
const KERNEL_DSO = /^\[(kernel\.|guest\.kernel\.)/;
export const UNKNOWN = '[unknown]';

export const COLOURS = Object.freeze({
    root: 'hsl(220, 14%, 86%)',
    unknown: 'hsl(215, 10%, 78%)',
    match: 'hsl(295, 75%, 66%)',
    label: '#111827',
    hover: 'rgba(17, 24, 39, 0.55)',
    selection: '#1d4ed8',
});

/**
 * A node of the server's flame graph JSON.
 * @typedef {object} FlameNode
 * @property {string} name
 * @property {string} [dso]
 * @property {number} value samples in this frame and below
 * @property {number} [self] samples in this frame itself
 * @property {FlameNode[]} [children]
 */

/**
 * The tree in depth-first order: node i's descendants are i+1 … end[i]-1, and start[i] is its left edge in samples.
 * @typedef {object} FlatTree
 * @property {number} count
 * @property {string[]} names
 * @property {string[]} dsos
 * @property {string[]} colours
 * @property {Float64Array} value
 * @property {Float64Array} self
 * @property {Int32Array} depth
 * @property {Int32Array} parent -1 for the root
 * @property {Float64Array} start
 * @property {Int32Array} end
 */

/**
 * A number in [0, 1) for a text, stable across reloads and sessions so that a function keeps its colour when the
 * range changes (FNV-1a).
 * @param {string} text
 * @returns {number}
 */
export function hashOf(text) {
    let hash = 2166136261;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 16777619);
    }
    return (hash >>> 0) / 4294967296;
}

/**
 * Kernel frames are orange; user-space frames get red or yellow hues (never orange, so the kernel stands out),
 * and unresolved frames are grey because their width says something but their name does not.
 * @param {string} name
 * @param {string} dso
 * @param {number} depth 0 for the root
 * @returns {string} a CSS colour
 */
export function colourOf(name, dso, depth) {
    if (depth === 0) return COLOURS.root;
    if (dso === UNKNOWN || name === UNKNOWN) return COLOURS.unknown;
    const t = hashOf(name);
    if (dso && KERNEL_DSO.test(dso)) return `hsl(${26 + Math.round(t * 8)}, 88%, ${58 + Math.round(t * 6)}%)`;
    const hue = t < 0.5 ? Math.round(t * 2 * 14) : 44 + Math.round((t - 0.5) * 2 * 12);
    return `hsl(${hue}, ${72 + Math.round(t * 14)}%, ${63 + Math.round(t * 5)}%)`;
}

/**
 * A search is a case-insensitive regular expression when it parses as one, else plain text.
 * @param {string} text
 * @returns {(name: string) => boolean}
 */
export function matcherFor(text) {
    try {
        const pattern = new RegExp(text, 'i');
        return (name) => pattern.test(name);
    } catch {
        const needle = text.toLowerCase();
        return (name) => name.toLowerCase().includes(needle);
    }
}

/**
 * Flattens the tree, so that zooming, drawing and searching are linear scans that skip whole subtrees.
 * @param {FlameNode} root
 * @returns {FlatTree}
 */
export function flatten(root) {
    /** @type {string[]} */ const names = [];
    /** @type {string[]} */ const dsos = [];
    /** @type {number[]} */ const values = [];
    /** @type {number[]} */ const selfs = [];
    /** @type {number[]} */ const depths = [];
    /** @type {number[]} */ const parents = [];
    /** @type {number[]} */ const starts = [];
    /** @type {number[]} */ const ends = [];
    // each entry: [node, depth, parent index, left edge]; children are pushed in reverse so they pop in order
    /** @type {[FlameNode, number, number, number][]} */
    const stack = [[root, 0, -1, 0]];
    /** @type {number[]} */
    const open = [];
    while (stack.length) {
        const [node, depth, parent, start] = /** @type {[FlameNode, number, number, number]} */ (stack.pop());
        while (open.length && depths[open[open.length - 1]] >= depth) ends[/** @type {number} */ (open.pop())] = names.length;
        const index = names.length;
        names.push(String(node.name ?? ''));
        dsos.push(node.dso ? String(node.dso) : '');
        values.push(Number(node.value) || 0);
        selfs.push(Number(node.self) || 0);
        depths.push(depth);
        parents.push(parent);
        starts.push(start);
        ends.push(index + 1);
        open.push(index);
        const children = Array.isArray(node.children) ? node.children : [];
        const edges = [];
        let edge = start;
        for (const child of children) {
            edges.push(edge);
            edge += Number(child.value) || 0;
        }
        for (let c = children.length - 1; c >= 0; c--) stack.push([children[c], depth + 1, index, edges[c]]);
    }
    while (open.length) ends[/** @type {number} */ (open.pop())] = names.length;
    // the same function appears in many stacks: its colour is worked out once
    /** @type {Map<string, string>} */
    const palette = new Map();
    const colours = names.map((name, i) => {
        const key = `${depths[i] === 0 ? 'root' : dsos[i]}\u0000${name}`;
        let colour = palette.get(key);
        if (colour === undefined) {
            colour = colourOf(name, dsos[i], depths[i]);
            palette.set(key, colour);
        }
        return colour;
    });
    return {
        count: names.length,
        names,
        dsos,
        colours,
        value: Float64Array.from(values),
        self: Float64Array.from(selfs),
        depth: Int32Array.from(depths),
        parent: Int32Array.from(parents),
        start: Float64Array.from(starts),
        end: Int32Array.from(ends),
    };
}

/**
 * The names from the root's child down to the frame.
 * @param {FlatTree} tree
 * @param {number} index
 * @returns {string[]}
 */
export function pathOf(tree, index) {
    const path = [];
    for (let i = index; i > 0; i = tree.parent[i]) path.unshift(tree.names[i]);
    return path;
}

/**
 * The frame at this path of names below the root, or -1.
 * @param {FlatTree} tree
 * @param {string[]} path
 * @returns {number}
 */
export function findPath(tree, path) {
    let index = 0;
    for (const name of path) {
        let child = index + 1;
        let found = -1;
        while (child < tree.end[index]) {
            if (tree.names[child] === name) {
                found = child;
                break;
            }
            child = tree.end[child];
        }
        if (found < 0) return -1;
        index = found;
    }
    return index;
}

/**
 * Marks the frames (not the root) whose name the search matches; each distinct name is tested once.
 * @param {FlatTree} tree
 * @param {(name: string) => boolean} test
 * @returns {{ matches: Uint8Array, frames: number }}
 */
export function findMatches(tree, test) {
    /** @type {Map<string, boolean>} */
    const cache = new Map();
    const matches = new Uint8Array(tree.count);
    let frames = 0;
    for (let i = 1; i < tree.count; i++) {
        let hit = cache.get(tree.names[i]);
        if (hit === undefined) {
            hit = test(tree.names[i]);
            cache.set(tree.names[i], hit);
        }
        if (hit) {
            matches[i] = 1;
            frames++;
        }
    }
    return { matches, frames };
}

/**
 * Samples under the frame whose stacks contain a match: a matching frame counts with all its descendants, which are
 * then skipped, so a recursive function or nested matches count each sample once.
 * @param {FlatTree} tree
 * @param {Uint8Array} matches
 * @param {number} index
 * @returns {number}
 */
export function matchedWithin(tree, matches, index) {
    let samples = 0;
    let i = index;
    while (i < tree.end[index]) {
        if (matches[i]) {
            samples += tree.value[i];
            i = tree.end[i];
        } else {
            i++;
        }
    }
    return samples;
}

/**
 * The frames wide enough to draw when zoomed into a frame, row by row (row 0 is the zoomed frame), left to right
 * within a row as depth-first order visits them; a frame too narrow to draw is skipped with its whole subtree.
 * @param {FlatTree} tree
 * @param {number} zoom the frame that fills the width
 * @param {number} scale pixels per sample
 * @returns {number[][]}
 */
export function visibleRows(tree, zoom, scale) {
    const baseDepth = tree.depth[zoom];
    /** @type {number[][]} */
    const rows = [];
    let i = zoom;
    while (i < tree.end[zoom]) {
        if (tree.value[i] * scale < MIN_FRAME_WIDTH) {
            i = tree.end[i];
            continue;
        }
        const row = tree.depth[i] - baseDepth;
        (rows[row] || (rows[row] = [])).push(i);
        i++;
    }
    return rows;
}

/**
 * Where a frame is drawn when zoomed into a frame.
 * @param {FlatTree} tree
 * @param {number} zoom
 * @param {number} scale pixels per sample
 * @param {number} index
 * @returns {{ x: number, y: number, width: number }}
 */
export function frameBox(tree, zoom, scale, index) {
    return {
        x: (tree.start[index] - tree.start[zoom]) * scale,
        y: (tree.depth[index] - tree.depth[zoom]) * ROW_HEIGHT,
        width: tree.value[index] * scale,
    };
}

/**
 * The frame of a row under x (binary search: a row's frames are in left-to-right order), or -1.
 * @param {FlatTree} tree
 * @param {number} zoom
 * @param {number} scale
 * @param {number[] | undefined} row
 * @param {number} x
 * @returns {number}
 */
export function frameAt(tree, zoom, scale, row, x) {
    if (!row) return -1;
    let low = 0;
    let high = row.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const box = frameBox(tree, zoom, scale, row[middle]);
        if (x < box.x) high = middle - 1;
        else if (x >= box.x + box.width) low = middle + 1;
        else return row[middle];
    }
    return -1;
}

/**
 * The widest child of a frame that is wide enough to draw, or -1.
 * @param {FlatTree} tree
 * @param {number} scale
 * @param {number} index
 * @returns {number}
 */
export function widestChild(tree, scale, index) {
    let widest = -1;
    for (let child = index + 1; child < tree.end[index]; child = tree.end[child]) {
        if (tree.value[child] * scale < MIN_FRAME_WIDTH) continue;
        if (widest < 0 || tree.value[child] > tree.value[widest]) widest = child;
    }
    return widest;
}
