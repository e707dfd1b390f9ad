// @ts-check
// A flame graph of a perf recording, drawn top-down as an icicle: the root ("all") is the top row, each process
// (comm) is the row below it, then the frames of its call chains from the outermost caller down to the leaf.
// Widths are proportional to samples. It draws on a canvas because recordings have tens of thousands of frames:
// flame-layout.js flattens the tree once and each draw only visits frames wider than half a pixel. Everything
// data-derived reaches the DOM through textContent, because frame names are whatever the profiled program put in its
// symbol table.
//
//   import { mount } from './flame-graph.js';
//   mount(element, { url, params })  or  mount(element, { data })
//   element.flameGraph = { zoomTo(path), resetZoom(), search(text), reload(params) }
//
// Elements with [data-flame] inside a [data-profile] section mount themselves, reading data-flame-url, data-event and
// data-range ("from,to" in seconds) from the section.

import { formatCount, formatPercent } from './format.js';
import {
    COLOURS, MIN_FRAME_WIDTH, ROW_HEIGHT, findMatches, findPath, flatten, frameAt, frameBox, matchedWithin, matcherFor,
    pathOf, visibleRows, widestChild,
} from './flame-layout.js';
import { elementsWithin, startOnEveryPage } from './islands.js';
import { onNextFrame } from './next-frame.js';
import { parseRange } from './profile-range.js';

/** @typedef {import('./flame-layout.js').FlatTree} FlatTree */
/** @typedef {import('./flame-layout.js').FlameNode} FlameNode */

/**
 * The server's flame graph JSON.
 * @typedef {object} FlameGraphBody
 * @property {FlameNode} [root]
 * @property {number} [total] all samples of the range (the root's value unless frames were trimmed)
 * @property {number} [trimmedNodes] frames left out on the server for being too small
 * @property {number} [trimmedShare]
 * @property {number} [minShare] the share under which frames were trimmed
 */

/**
 * @typedef {object} FlameGraphOptions
 * @property {string} [url] where the graph's JSON comes from
 * @property {Record<string, string>} [params] its query parameters
 * @property {FlameGraphBody} [data] the graph itself, instead of a URL
 */

/**
 * What the host element exposes to other scripts and to the tests.
 * @typedef {object} FlameGraphHandle
 * @property {(path: string | string[]) => boolean} zoomTo
 * @property {() => void} resetZoom
 * @property {(text: string) => number | null} search the matched share in percent, or null without a search
 * @property {(params?: Record<string, string | null | undefined>) => Promise<void>} reload
 */

const MIN_OUTLINE_WIDTH = 8;
const LABEL_PADDING = 3;
const FONT_SIZE = 11;
const TOOLTIP_OFFSET = 14;
/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

class FlameGraph {
    /**
     * @param {HTMLElement} host
     * @param {FlameGraphOptions} options
     */
    constructor(host, options) {
        this.host = host;
        this.url = options.url || null;
        /** @type {Record<string, string>} */
        this.params = Object.assign({}, options.params);
        /** @type {FlatTree | null} */
        this.tree = null;
        this.total = 0;
        this.zoom = 0;
        this.hovered = -1;
        this.selected = -1;
        /** @type {Uint8Array | null} */
        this.matches = null;
        /** @type {number[][]} */
        this.rows = [];
        this.scale = 1;
        this.width = 0;
        this.drawRequested = false;
        /** @type {AbortController | null} */
        this.abort = null;

        host.replaceChildren();
        host.classList.add('flame');

        const toolbar = element('div', 'flame-toolbar');
        this.searchBox = element('input', 'flame-search');
        this.searchBox.type = 'search';
        this.searchBox.placeholder = 'Search frames (regex)';
        this.searchBox.setAttribute('aria-label', 'Search frames, regular expression or plain text');
        this.searchBox.spellcheck = false;
        this.searchBox.autocomplete = 'off';
        this.matchLabel = element('span', 'flame-match');
        this.matchLabel.setAttribute('aria-live', 'polite');
        this.resetButton = element('button', 'small-button flame-reset', 'Reset zoom');
        this.resetButton.type = 'button';
        this.summary = element('span', 'flame-summary muted small');
        toolbar.append(this.searchBox, this.matchLabel, this.resetButton, this.summary);

        this.crumbs = element('nav', 'flame-crumbs');
        this.crumbs.setAttribute('aria-label', 'Zoomed frame and its callers');

        this.viewport = element('div', 'flame-viewport');
        this.canvas = element('canvas', 'flame-canvas');
        this.canvas.tabIndex = 0;
        this.canvas.setAttribute('role', 'img');
        this.canvas.setAttribute('aria-label',
            'Flame graph, callers above callees. Arrow keys select a frame, Enter zooms into it, Escape resets the zoom.');
        this.message = element('p', 'flame-message muted');
        this.message.hidden = true;
        this.viewport.append(this.canvas, this.message);

        this.note = element('p', 'flame-note muted small');
        this.note.hidden = true;
        this.status = element('p', 'visually-hidden');
        this.status.setAttribute('aria-live', 'polite');

        this.tooltip = element('div', 'flame-tooltip');
        this.tooltip.setAttribute('role', 'tooltip');
        this.tooltip.hidden = true;
        this.tipName = element('div', 'flame-tooltip-name');
        this.tipDso = element('div', 'flame-tooltip-dso');
        this.tipStats = element('dl', 'flame-tooltip-stats');
        this.tooltip.append(this.tipName, this.tipDso, this.tipStats);

        host.append(toolbar, this.crumbs, this.viewport, this.note, this.status, this.tooltip);
        this.bindEvents();

        this.observer = new ResizeObserver(() => this.requestDraw());
        this.observer.observe(this.viewport);
        host.addEventListener('htmx:beforeCleanupElement', (event) => {
            if (event.target === host) this.close();
        });
        if (options.data) this.show(options.data);
        else if (this.url) this.reload();
    }

    bindEvents() {
        this.searchBox.addEventListener('input', () => this.search(this.searchBox.value));
        this.resetButton.addEventListener('click', () => this.resetZoom());
        this.crumbs.addEventListener('click', (event) => {
            const crumb = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest('button[data-node]'));
            if (!crumb) return;
            this.zoomToIndex(Number(crumb.dataset.node));
            // the clicked crumb is gone with the old bar: the canvas keeps the focus in the graph for the keyboard
            this.canvas.focus({ preventScroll: true });
        });
        this.canvas.addEventListener('mousemove', (event) => this.onPointer(event));
        this.canvas.addEventListener('mouseleave', () => {
            this.setHovered(-1);
            this.hideTooltip();
        });
        this.canvas.addEventListener('click', (event) => {
            const index = this.hitTest(event);
            if (index < 0) return;
            this.selected = index;
            this.zoomToIndex(index);
        });
        this.canvas.addEventListener('keydown', (event) => this.onCanvasKey(event));
        // the selection outline is only drawn while the canvas has the keyboard focus
        this.canvas.addEventListener('focus', () => this.requestDraw());
        this.canvas.addEventListener('blur', () => {
            this.hideTooltip();
            this.requestDraw();
        });
        // Escape anywhere in the component resets the zoom, except that it first clears a non-empty search box
        // (the browser does that itself for type=search).
        this.host.addEventListener('keydown', (event) => {
            if (event.key !== 'Escape') return;
            if (event.target === this.searchBox && this.searchBox.value) return;
            this.hideTooltip();
            this.resetZoom();
        });
    }

    close() {
        this.observer.disconnect();
        if (this.abort) this.abort.abort();
    }

    /**
     * Fetches the graph again with these query parameters merged into the current ones; null removes one.
     * @param {Record<string, string | null | undefined>} [params]
     */
    async reload(params) {
        if (!this.url) return;
        for (const [key, value] of Object.entries(params || {})) {
            if (value === null || value === undefined || value === '') delete this.params[key];
            else this.params[key] = String(value);
        }
        const url = new URL(this.url, window.location.href);
        for (const [key, value] of Object.entries(this.params)) url.searchParams.set(key, value);
        if (this.abort) this.abort.abort();
        const abort = new AbortController();
        this.abort = abort;
        this.setState('loading');
        try {
            const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: abort.signal });
            if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
            const body = await response.json();
            if (abort.signal.aborted) return;
            this.show(body);
        } catch (error) {
            if (abort.signal.aborted) return;
            this.showMessage(`The flame graph could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
            this.setState('error');
        }
    }

    /** @param {'loading' | 'error'} state */
    setState(state) {
        this.host.dataset.state = state;
        this.host.dataset.rendered = 'false';
        this.host.setAttribute('aria-busy', String(state === 'loading'));
    }

    /**
     * Takes a new graph, keeping the zoomed frame (by its path) and the search across range changes.
     * @param {FlameGraphBody | null} body
     */
    show(body) {
        const previousPath = this.tree ? this.pathOf(this.zoom) : [];
        this.tree = body && body.root ? flatten(body.root) : null;
        this.total = body && Number(body.total) > 0 ? Number(body.total) : (this.tree ? this.tree.value[0] : 0);
        this.zoom = 0;
        this.hovered = -1;
        this.selected = -1;
        delete this.host.dataset.selectedFrame;
        this.hideTooltip();
        this.showTrimmed(body || {});
        if (!this.tree || this.total <= 0 || this.tree.value[0] <= 0) {
            this.tree = null;
            this.summary.textContent = '';
            this.showMessage('No samples in this range.');
            this.updateCrumbs();
            this.updateSearch();
            this.host.dataset.state = 'empty';
            this.host.dataset.rendered = 'true';
            this.host.setAttribute('aria-busy', 'false');
            return;
        }
        this.message.hidden = true;
        this.canvas.hidden = false;
        this.summary.textContent = `${formatCount(this.total)} samples · ${formatCount(this.tree.count)} frames`;
        this.host.dataset.nodeCount = String(this.tree.count);
        if (previousPath.length) this.zoom = Math.max(0, this.findPath(previousPath));
        this.updateSearch();
        this.updateZoom();
        this.host.dataset.state = 'ready';
        this.host.setAttribute('aria-busy', 'false');
    }

    /** @param {string} text */
    showMessage(text) {
        this.canvas.hidden = true;
        this.message.hidden = false;
        this.message.textContent = text;
        this.host.dataset.rendered = 'false';
    }

    /** @param {FlameGraphBody} body */
    showTrimmed(body) {
        const count = Number(body.trimmedNodes) || 0;
        this.note.hidden = count <= 0;
        if (count <= 0) return;
        const share = Number(body.trimmedShare) || 0;
        const minShare = Number(body.minShare);
        // the threshold can be far below 0.01 %, so it keeps two significant digits instead of two decimals
        const threshold = minShare > 0 ? `, each under ${Number((minShare * 100).toPrecision(2))} % of samples` : '';
        this.note.textContent = `${formatCount(count)} tiny frame${count === 1 ? '' : 's'} (${formatPercent(share)} of samples) `
            + `trimmed on the server${threshold}.`;
    }

    // --- zoom ----------------------------------------------------------------------------------------------

    /**
     * @param {number} index
     * @returns {string[]}
     */
    pathOf(index) {
        return this.tree ? pathOf(this.tree, index) : [];
    }

    /**
     * The frame at this path of names below the root, or -1.
     * @param {string[]} path
     * @returns {number}
     */
    findPath(path) {
        return this.tree ? findPath(this.tree, path) : -1;
    }

    /**
     * Zooms into a frame by its path of names from the root's child down ("sh;main;work" or ["sh", "main", "work"]);
     * a leading "all" (the root) is ignored.
     * @param {string | string[]} path
     * @returns {boolean} whether the frame exists
     */
    zoomTo(path) {
        if (!this.tree) return false;
        const names = Array.isArray(path) ? [...path] : String(path || '').split(';').filter(Boolean);
        if (names.length && names[0] === this.tree.names[0]) names.shift();
        const index = this.findPath(names);
        if (index < 0) return false;
        this.zoomToIndex(index);
        return true;
    }

    resetZoom() {
        if (this.tree) this.zoomToIndex(0);
    }

    /** @param {number} index */
    zoomToIndex(index) {
        this.zoom = index;
        if (this.selected >= 0 && !this.isInZoom(this.selected)) this.selected = index;
        this.updateZoom();
    }

    /**
     * @param {number} index
     * @returns {boolean}
     */
    isInZoom(index) {
        return this.tree !== null && index >= this.zoom && index < this.tree.end[this.zoom];
    }

    updateZoom() {
        const zoomed = this.zoom > 0;
        this.resetButton.disabled = !zoomed;
        if (zoomed && this.tree) {
            this.host.dataset.zoomedFrame = this.tree.names[this.zoom];
            this.host.dataset.zoomPath = this.pathOf(this.zoom).join(';');
        } else {
            delete this.host.dataset.zoomedFrame;
            delete this.host.dataset.zoomPath;
        }
        this.updateCrumbs();
        this.updateMatchLabel();
        this.viewport.scrollTop = 0;
        this.drawNow();
    }

    updateCrumbs() {
        /** @type {HTMLElement[]} */
        const crumbs = [];
        const tree = this.tree;
        if (tree) {
            const chain = [];
            for (let i = this.zoom; i >= 0; i = tree.parent[i]) chain.unshift(i);
            chain.forEach((index, position) => {
                if (position > 0) crumbs.push(element('span', 'flame-crumb-separator', '›'));
                const name = tree.names[index];
                if (index === this.zoom) {
                    const crumb = element('span', 'flame-crumb', name);
                    crumb.title = name;
                    crumb.setAttribute('aria-current', 'true');
                    crumbs.push(crumb);
                } else {
                    const crumb = element('button', 'flame-crumb', name);
                    crumb.title = name;
                    crumb.type = 'button';
                    crumb.dataset.node = String(index);
                    crumbs.push(crumb);
                }
            });
        }
        this.crumbs.replaceChildren(...crumbs);
        this.crumbs.hidden = this.zoom === 0;
    }

    // --- search --------------------------------------------------------------------------------------------

    /**
     * @param {string} text
     * @returns {number | null} the matched share in percent, or null without a search
     */
    search(text) {
        if (this.searchBox.value !== text) this.searchBox.value = text;
        this.updateSearch();
        this.drawNow();
        return this.host.dataset.matchedShare === undefined ? null : Number(this.host.dataset.matchedShare);
    }

    updateSearch() {
        const text = this.searchBox.value.trim();
        if (!text || !this.tree) {
            this.matches = null;
            delete this.host.dataset.matchedShare;
            delete this.host.dataset.matchedFrames;
            this.updateMatchLabel();
            return;
        }
        const { matches, frames } = findMatches(this.tree, matcherFor(text));
        this.matches = matches;
        this.host.dataset.matchedShare = (this.matchedWithin(0) / this.total * 100).toFixed(2);
        this.host.dataset.matchedFrames = String(frames);
        this.updateMatchLabel();
    }

    /**
     * Samples under the frame whose stacks contain a match, each counted once.
     * @param {number} index
     * @returns {number}
     */
    matchedWithin(index) {
        return this.tree && this.matches ? matchedWithin(this.tree, this.matches, index) : 0;
    }

    updateMatchLabel() {
        if (!this.matches) {
            this.matchLabel.textContent = '';
            return;
        }
        let text = `matched: ${formatPercent(this.matchedWithin(0) / this.total)} of samples`;
        if (this.zoom > 0 && this.tree) text += ` (${formatPercent(this.matchedWithin(this.zoom) / this.tree.value[this.zoom])} of the zoomed frame)`;
        this.matchLabel.textContent = text;
    }

    // --- drawing -------------------------------------------------------------------------------------------

    requestDraw() {
        if (this.drawRequested) return;
        this.drawRequested = true;
        onNextFrame(() => {
            this.drawRequested = false;
            this.drawNow();
        });
    }

    // Lays out the visible frames row by row for the hit test and keyboard moves, before they are painted.
    layout() {
        const tree = /** @type {FlatTree} */ (this.tree);
        this.width = this.viewport.clientWidth;
        this.scale = this.width / tree.value[this.zoom];
        this.rows = visibleRows(tree, this.zoom, this.scale);
    }

    /**
     * @param {number} index
     * @returns {{ x: number, y: number, width: number }}
     */
    frameBox(index) {
        return frameBox(/** @type {FlatTree} */ (this.tree), this.zoom, this.scale, index);
    }

    drawNow() {
        if (!this.tree || this.canvas.hidden) return;
        this.layout();
        const ratio = window.devicePixelRatio || 1;
        const height = this.rows.length * ROW_HEIGHT;
        const pixelWidth = Math.max(1, Math.round(this.width * ratio));
        const pixelHeight = Math.max(1, Math.round(height * ratio));
        if (this.canvas.width !== pixelWidth || this.canvas.height !== pixelHeight) {
            this.canvas.width = pixelWidth;
            this.canvas.height = pixelHeight;
            this.canvas.style.width = `${this.width}px`;
            this.canvas.style.height = `${height}px`;
        }
        const context = this.canvas.getContext('2d');
        if (!context) return;
        context.setTransform(ratio, 0, 0, ratio, 0, 0);
        context.clearRect(0, 0, this.width, height);
        const font = getComputedStyle(this.host).getPropertyValue('--mono').trim() || 'monospace';
        context.font = `${FONT_SIZE}px ${font}`;
        context.textBaseline = 'middle';
        const charWidth = context.measureText('M').width;
        const tree = this.tree;
        let drawn = 0;
        for (const row of this.rows) {
            for (const index of row) {
                const box = this.frameBox(index);
                // a one-pixel gap separates neighbours once frames are wide enough to spare it
                const width = box.width >= 3 ? box.width - 1 : box.width;
                context.fillStyle = this.matches && this.matches[index] ? COLOURS.match : tree.colours[index];
                context.fillRect(box.x, box.y, width, ROW_HEIGHT - 1);
                drawn++;
                const fits = Math.floor((width - 2 * LABEL_PADDING) / charWidth);
                if (fits < 3) continue;
                const name = tree.names[index];
                context.fillStyle = COLOURS.label;
                context.fillText(name.length <= fits ? name : `${name.slice(0, fits - 1)}…`,
                    box.x + LABEL_PADDING, box.y + ROW_HEIGHT / 2);
            }
        }
        this.outline(context, this.hovered, COLOURS.hover, 1);
        if (this.canvas.matches(':focus-visible')) this.outline(context, this.selected, COLOURS.selection, 2);
        this.host.dataset.renderedFrames = String(drawn);
        this.host.dataset.rendered = 'true';
    }

    /**
     * A frame only a few pixels wide still gets an outline wide enough to be seen, centred on it.
     * @param {CanvasRenderingContext2D} context
     * @param {number} index
     * @param {string} colour
     * @param {number} lineWidth
     */
    outline(context, index, colour, lineWidth) {
        if (index < 0 || !this.isInZoom(index)) return;
        const box = this.frameBox(index);
        if (box.width < MIN_FRAME_WIDTH) return;
        const width = Math.max(MIN_OUTLINE_WIDTH, box.width - 1);
        const x = Math.min(Math.max(0, box.x + (box.width - 1 - width) / 2), this.width - width);
        const inset = lineWidth / 2;
        context.strokeStyle = colour;
        context.lineWidth = lineWidth;
        context.strokeRect(x + inset, box.y + inset, width - lineWidth, ROW_HEIGHT - 1 - lineWidth);
    }

    // --- pointer and keyboard ------------------------------------------------------------------------------

    /**
     * The frame under the pointer, or -1.
     * @param {MouseEvent} event
     * @returns {number}
     */
    hitTest(event) {
        if (!this.tree) return -1;
        const bounds = this.canvas.getBoundingClientRect();
        const row = this.rows[Math.floor((event.clientY - bounds.top) / ROW_HEIGHT)];
        return frameAt(this.tree, this.zoom, this.scale, row, event.clientX - bounds.left);
    }

    /** @param {MouseEvent} event */
    onPointer(event) {
        const index = this.hitTest(event);
        this.canvas.classList.toggle('over-frame', index >= 0);
        this.setHovered(index);
        if (index < 0) this.hideTooltip();
        else this.showTooltip(index, event.clientX, event.clientY);
    }

    /** @param {number} index */
    setHovered(index) {
        if (index === this.hovered) return;
        this.hovered = index;
        this.requestDraw();
    }

    /** @param {KeyboardEvent} event */
    onCanvasKey(event) {
        if (!this.tree) return;
        const tree = this.tree;
        const current = this.selected >= 0 && this.isInZoom(this.selected) ? this.selected : -1;
        let next = -1;
        switch (event.key) {
            case 'ArrowUp':
                next = current > this.zoom ? tree.parent[current] : this.zoom;
                break;
            case 'ArrowDown':
                next = current < 0 ? this.zoom : this.widestChild(current);
                break;
            case 'ArrowLeft':
            case 'ArrowRight':
                next = current < 0 ? this.zoom : this.neighbour(current, event.key === 'ArrowRight' ? 1 : -1);
                break;
            case 'Home':
                next = this.zoom;
                break;
            case 'Enter':
            case ' ':
                if (current >= 0) this.zoomToIndex(current);
                event.preventDefault();
                return;
            default:
                return;
        }
        event.preventDefault();
        if (next >= 0) this.select(next);
    }

    /**
     * @param {number} index
     * @returns {number}
     */
    widestChild(index) {
        return widestChild(/** @type {FlatTree} */ (this.tree), this.scale, index);
    }

    /**
     * The next visible frame to the left or right in the same row, whoever its parent is.
     * @param {number} index
     * @param {1 | -1} step
     * @returns {number}
     */
    neighbour(index, step) {
        const tree = /** @type {FlatTree} */ (this.tree);
        const row = this.rows[tree.depth[index] - tree.depth[this.zoom]];
        const position = row ? row.indexOf(index) : -1;
        if (position < 0) return -1;
        return row[position + step] ?? -1;
    }

    /** @param {number} index */
    select(index) {
        const tree = /** @type {FlatTree} */ (this.tree);
        this.selected = index;
        this.host.dataset.selectedFrame = tree.names[index];
        const box = this.frameBox(index);
        if (box.y < this.viewport.scrollTop) this.viewport.scrollTop = box.y;
        else if (box.y + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) {
            this.viewport.scrollTop = box.y + ROW_HEIGHT - this.viewport.clientHeight;
        }
        this.drawNow();
        const bounds = this.canvas.getBoundingClientRect();
        const anchorX = bounds.left + box.x + Math.min(box.width, this.width - box.x) / 2;
        this.showTooltip(index, anchorX, bounds.top + box.y + ROW_HEIGHT / 2);
        this.status.textContent = `${tree.names[index]}: ${formatCount(tree.value[index])} samples, `
            + `${formatPercent(tree.value[index] / this.total)} of all samples`;
    }

    // --- tooltip -------------------------------------------------------------------------------------------

    /**
     * @param {number} index
     * @param {number} clientX where to show it, in viewport pixels
     * @param {number} clientY
     */
    showTooltip(index, clientX, clientY) {
        const tree = /** @type {FlatTree} */ (this.tree);
        this.tipName.textContent = tree.names[index];
        this.tipDso.textContent = tree.dsos[index];
        this.tipDso.hidden = !tree.dsos[index];
        const stats = [
            ['samples', formatCount(tree.value[index])],
            ['self', formatCount(tree.self[index])],
            ['of total', formatPercent(tree.value[index] / this.total)],
        ];
        if (this.zoom > 0) stats.push(['of zoomed frame', formatPercent(tree.value[index] / tree.value[this.zoom])]);
        this.tipStats.replaceChildren(...stats.flatMap(([term, value]) => [element('dt', '', term), element('dd', '', value)]));
        this.tooltip.hidden = false;
        // fixed positioning, kept inside the window: flipped to the left or above the pointer near an edge
        const width = this.tooltip.offsetWidth;
        const height = this.tooltip.offsetHeight;
        let left = clientX + TOOLTIP_OFFSET;
        let top = clientY + TOOLTIP_OFFSET;
        if (left + width > window.innerWidth - 4) left = Math.max(4, clientX - TOOLTIP_OFFSET - width);
        if (top + height > window.innerHeight - 4) top = Math.max(4, clientY - TOOLTIP_OFFSET - height);
        this.tooltip.style.left = `${left}px`;
        this.tooltip.style.top = `${top}px`;
    }

    hideTooltip() {
        this.tooltip.hidden = true;
    }
}

/**
 * Draws a flame graph in host (once; a second call returns the first graph's handle).
 * @param {HTMLElement} host
 * @param {FlameGraphOptions} [options]
 * @returns {FlameGraphHandle}
 */
export function mount(host, options) {
    if (host.flameGraph) return host.flameGraph;
    const graph = new FlameGraph(host, options || {});
    host.flameGraph = {
        zoomTo: (path) => graph.zoomTo(path),
        resetZoom: () => graph.resetZoom(),
        search: (text) => graph.search(String(text ?? '')),
        reload: (params) => graph.reload(params),
    };
    return host.flameGraph;
}

/**
 * The section says where the graph comes from and which event and time range it shows.
 * @param {HTMLElement} section
 * @returns {Record<string, string>}
 */
function paramsOf(section) {
    /** @type {Record<string, string>} */
    const params = {};
    if (section.dataset.event) params.event = section.dataset.event;
    const range = parseRange(section.dataset.range);
    if (range) {
        params.from = String(range.from);
        params.to = String(range.to);
    }
    return params;
}

startOnEveryPage((root) => {
    for (const host of elementsWithin(root, '[data-profile] [data-flame]')) {
        const section = /** @type {HTMLElement} */ (host.closest('[data-profile]'));
        if (!host.flameGraph && section.dataset.flameUrl) mount(host, { url: section.dataset.flameUrl, params: paramsOf(section) });
    }
});
