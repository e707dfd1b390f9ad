// @ts-check
/**
 * The compare page's differential flame graph: frame widths from one profile (the other run by default, the base on
 * request), each frame coloured by how its share of all samples changed between the base and the other run —
 * normalised to each profile's own total, so a longer recording of the same code stays neutral. Red grew, blue shrank
 * (or orange/purple in the colour-blind-safe palette), clamped at the largest change shown in the legend.
 * Hover (or select with the keyboard) shows both sides' samples and shares; click or Enter zooms; search marks matches.
 * The view (widths, palette, search) is kept in the URL with replaceState so a copied link opens what is shown.
 */
import { elementsWithin, startOnEveryPage } from './islands.js';

/** @typedef {{name: string, base: number, other: number, baseSelf: number, otherSelf: number, children?: DiffNode[]}} DiffNode */
/** @typedef {{baseTotal: number, otherTotal: number, minShare: number, trimmedNodes: number, root: DiffNode}} DiffTree */
/** @typedef {{node: DiffNode, parent: Frame | null, depth: number, change: number, index: number, kids: Frame[]}} Frame */

const ROW_HEIGHT = 18;
const MIN_WIDTH_FRACTION = 0.0015;
/** Diverging palettes: [shrank, grew] as RGB; the colour-blind-safe one is ColorBrewer's PuOr ends. */
const PALETTES = {
    'red-blue': { grew: [178, 24, 43], shrank: [33, 102, 172], label: 'red grew, blue shrank' },
    'orange-purple': { grew: [179, 88, 6], shrank: [84, 39, 136], label: 'orange grew, purple shrank (colour-blind safe)' },
};
const NEUTRAL = [238, 238, 238];

/** @param {number} share */
const percent = (share) => `${(share * 100).toFixed(share !== 0 && Math.abs(share) < 0.001 ? 3 : 1)} %`;
/** @param {number} change */
const points = (change) => `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(2)} pp`;
/** @param {number} count */
const count = (count) => count.toLocaleString('en-US');

/**
 * The largest |change| the colours distinguish: the biggest change of any frame, rounded up to a readable step,
 * at least 1 point so that noise is not painted at full intensity.
 * @param {number} largest
 */
function clampFor(largest) {
    const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
    return steps.find((step) => largest <= step) ?? 1;
}

/**
 * @param {number} change
 * @param {number} clamp
 * @param {{grew: number[], shrank: number[]}} palette
 */
function colourOf(change, clamp, palette) {
    const intensity = Math.min(1, Math.abs(change) / clamp);
    const target = change >= 0 ? palette.grew : palette.shrank;
    const mix = NEUTRAL.map((channel, i) => Math.round(channel + (target[i] - channel) * intensity));
    return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
}

/**
 * Black text on light frames, white on dark ones: at a relative luminance of 0.18 both reach WCAG's 4.5:1.
 * @param {number} change
 * @param {number} clamp
 * @param {{grew: number[], shrank: number[]}} palette
 */
function textColourOf(change, clamp, palette) {
    const intensity = Math.min(1, Math.abs(change) / clamp);
    const target = change >= 0 ? palette.grew : palette.shrank;
    const linear = NEUTRAL.map((channel, i) => {
        const value = (channel + (target[i] - channel) * intensity) / 255;
        return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    const luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    return luminance < 0.18 ? '#ffffff' : '#000000';
}

/**
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 */
function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

class DiffFlameGraph {
    /** @param {HTMLElement} host */
    constructor(host) {
        this.host = host;
        const data = host.querySelector('script[data-diff-flame-data]');
        /** @type {DiffTree} */
        this.tree = JSON.parse(data ? data.textContent || '{}' : '{}');
        this.baseLabel = host.dataset.baseLabel || 'base';
        this.otherLabel = host.dataset.otherLabel || 'other';
        const params = new URLSearchParams(location.search);
        /** @type {'other' | 'base'} */
        this.widths = params.get('widths') === 'base' ? 'base' : 'other';
        /** @type {'red-blue' | 'orange-purple'} */
        this.palette = params.get('palette') === 'orange-purple' ? 'orange-purple' : 'red-blue';
        this.search = params.get('search') || '';
        /** @type {Frame[]} */
        this.frames = [];
        this.flatten(this.tree.root, null, 0);
        const largest = this.frames.reduce((max, frame) => frame.depth === 0 ? max : Math.max(max, Math.abs(frame.change)), 0);
        this.clamp = clampFor(largest);
        /** @type {Frame} */
        this.zoom = this.frames[0];
        /** @type {Frame | null} */
        this.selected = null;
        this.searchBox = /** @type {HTMLInputElement} */ (element('input', 'flame-search'));
        this.widthButton = element('button', 'small-button', '');
        this.paletteButton = element('button', 'small-button', 'Colour-blind-safe colours');
        this.resetButton = element('button', 'small-button', 'Reset zoom');
        this.match = element('span', 'flame-match');
        this.legend = element('div', 'diff-legend');
        this.crumbs = element('nav', 'flame-crumbs');
        this.viewport = element('div', 'diff-flame-viewport');
        this.status = element('p', 'visually-hidden');
        this.note = element('p', 'flame-note muted small');
        this.tooltip = element('div', 'flame-tooltip diff-flame-tooltip');
        this.build();
        this.render();
    }

    /**
     * @param {DiffNode} node
     * @param {Frame | null} parent
     * @param {number} depth
     */
    flatten(node, parent, depth) {
        const change = (this.tree.otherTotal ? node.other / this.tree.otherTotal : 0) - (this.tree.baseTotal ? node.base / this.tree.baseTotal : 0);
        /** @type {Frame} */
        const frame = { node, parent, depth, change, index: this.frames.length, kids: [] };
        this.frames.push(frame);
        if (parent) parent.kids.push(frame);
        for (const child of node.children || []) this.flatten(child, frame, depth + 1);
    }

    build() {
        const host = this.host;
        const toolbar = element('div', 'flame-toolbar');
        toolbar.setAttribute('role', 'toolbar');
        toolbar.setAttribute('aria-label', 'Differential flame graph view');
        const searchLabel = element('label', 'visually-hidden', 'Search functions');
        searchLabel.setAttribute('for', 'diff-flame-search');
        this.searchBox.id = 'diff-flame-search';
        this.searchBox.type = 'search';
        this.searchBox.placeholder = 'Search functions (regular expression)';
        this.searchBox.value = this.search;
        this.searchBox.addEventListener('input', () => { this.search = this.searchBox.value; this.saveView(); this.render(); });
        this.widthButton.setAttribute('type', 'button');
        this.widthButton.dataset.action = 'toggle-widths';
        this.widthButton.addEventListener('click', () => {
            this.widths = this.widths === 'other' ? 'base' : 'other';
            this.saveView();
            this.render();
        });
        this.paletteButton.setAttribute('type', 'button');
        this.paletteButton.dataset.action = 'toggle-palette';
        this.paletteButton.addEventListener('click', () => {
            this.palette = this.palette === 'red-blue' ? 'orange-purple' : 'red-blue';
            this.saveView();
            this.render();
        });
        this.resetButton.setAttribute('type', 'button');
        this.resetButton.addEventListener('click', () => this.zoomTo(this.frames[0]));
        this.match.setAttribute('aria-live', 'polite');
        toolbar.append(searchLabel, this.searchBox, this.widthButton, this.paletteButton, this.resetButton, this.match);

        this.crumbs.setAttribute('aria-label', 'Zoomed frame');
        this.viewport.tabIndex = 0;
        this.viewport.setAttribute('role', 'group');
        this.viewport.setAttribute('aria-label',
            'Differential flame graph: arrow keys move between frames, Enter zooms, Escape zooms out');
        this.viewport.addEventListener('keydown', (event) => this.onKey(event));
        this.viewport.addEventListener('mouseover', (event) => {
            const frame = this.frameOf(event.target);
            if (frame) this.showTooltip(frame, /** @type {MouseEvent} */ (event).clientX, /** @type {MouseEvent} */ (event).clientY);
        });
        this.viewport.addEventListener('mousemove', (event) => {
            if (!this.tooltip.hidden) this.placeTooltip(event.clientX, event.clientY);
        });
        this.viewport.addEventListener('mouseleave', () => { this.tooltip.hidden = true; });
        this.viewport.addEventListener('click', (event) => {
            const frame = this.frameOf(event.target);
            if (frame) this.zoomTo(frame);
        });
        this.status.setAttribute('aria-live', 'polite');
        this.tooltip.hidden = true;
        this.tooltip.setAttribute('role', 'tooltip');
        host.append(toolbar, this.legend, this.crumbs, this.viewport, this.note, this.status, this.tooltip);
    }

    /** @param {EventTarget | null} target */
    frameOf(target) {
        const node = target instanceof HTMLElement ? target.closest('[data-frame]') : null;
        return node instanceof HTMLElement ? this.frames[Number(node.dataset.frame)] : null;
    }

    saveView() {
        const url = new URL(location.href);
        if (this.widths === 'base') url.searchParams.set('widths', 'base'); else url.searchParams.delete('widths');
        if (this.palette !== 'red-blue') url.searchParams.set('palette', this.palette); else url.searchParams.delete('palette');
        if (this.search) url.searchParams.set('search', this.search); else url.searchParams.delete('search');
        history.replaceState(history.state, '', url);
    }

    /** @param {Frame} frame */
    value(frame) {
        return this.widths === 'base' ? frame.node.base : frame.node.other;
    }

    /** @param {Frame} frame */
    isInside(frame) {
        for (let f = /** @type {Frame | null} */ (frame); f; f = f.parent) if (f === this.zoom) return true;
        return false;
    }

    /** @param {Frame} frame */
    zoomTo(frame) {
        this.zoom = frame;
        this.selected = frame;
        this.render();
    }

    searchPattern() {
        if (!this.search) return null;
        try {
            return new RegExp(this.search, 'i');
        } catch {
            return new RegExp(this.search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        }
    }

    render() {
        const palette = PALETTES[this.palette];
        this.host.dataset.widths = this.widths;
        this.host.dataset.palette = this.palette;
        this.widthButton.textContent = this.widths === 'other'
            ? `Widths: ${this.otherLabel} (show ${this.baseLabel} widths)`
            : `Widths: ${this.baseLabel} (show ${this.otherLabel} widths)`;
        this.widthButton.setAttribute('aria-pressed', String(this.widths === 'base'));
        this.paletteButton.setAttribute('aria-pressed', String(this.palette === 'orange-purple'));
        this.renderLegend(palette);
        this.renderCrumbs();

        const pattern = this.searchPattern();
        const zoomValue = this.value(this.zoom);
        const rows = [];
        const fragment = document.createDocumentFragment();
        let maxDepth = 0;
        let matched = 0;
        /** @type {Set<Frame>} */
        const counted = new Set();
        /**
         * @param {Frame} frame
         * @param {number} left fraction of the width
         */
        const place = (frame, left) => {
            const width = zoomValue > 0 ? this.value(frame) / zoomValue : 0;
            if (width < MIN_WIDTH_FRACTION) return;
            const depth = frame.depth - this.zoom.depth;
            maxDepth = Math.max(maxDepth, depth);
            const div = element('div', 'dframe');
            div.dataset.frame = String(frame.index);
            div.dataset.change = frame.change > 0 ? 'grew' : frame.change < 0 ? 'shrank' : 'same';
            div.style.left = `${left * 100}%`;
            div.style.width = `${width * 100}%`;
            div.style.bottom = `${depth * ROW_HEIGHT}px`;
            div.style.background = colourOf(frame.change, this.clamp, palette);
            div.style.color = textColourOf(frame.change, this.clamp, palette);
            div.textContent = width > 0.02 ? frame.node.name : '';
            if (pattern && pattern.test(frame.node.name)) {
                div.classList.add('match');
                // a match inside another match is already counted with it
                let outer = frame.parent;
                while (outer && !counted.has(outer)) outer = outer.parent;
                if (!outer) matched += frame.node.other;
                counted.add(frame);
            }
            if (frame === this.selected) div.classList.add('selected');
            fragment.append(div);
            rows.push(div);
            let childLeft = left;
            for (const child of this.children(frame)) {
                place(child, childLeft);
                childLeft += zoomValue > 0 ? this.value(child) / zoomValue : 0;
            }
        };
        place(this.zoom, 0);
        this.viewport.replaceChildren(fragment);
        this.viewport.style.height = `${(maxDepth + 1) * ROW_HEIGHT + 2}px`;
        this.host.dataset.frames = String(rows.length);
        this.host.dataset.rendered = 'true';
        this.match.textContent = pattern
            ? `matches: ${percent(this.tree.otherTotal ? matched / this.tree.otherTotal : 0)} of ${this.otherLabel}'s samples`
            : '';
        this.note.textContent = this.tree.trimmedNodes > 0
            ? `${count(this.tree.trimmedNodes)} frames narrower than ${Number((this.tree.minShare * 100).toPrecision(2))} % on both sides trimmed.`
            : '';
    }

    /** @param {Frame} frame */
    children(frame) {
        return frame.kids;
    }

    /** @param {{grew: number[], shrank: number[], label: string}} palette */
    renderLegend(palette) {
        this.legend.replaceChildren();
        const steps = [-1, -0.5, 0, 0.5, 1];
        this.legend.append(element('span', 'muted small', `Change of share of all samples (${palette.label}); colours saturate at ±${(this.clamp * 100).toFixed(0)} pp:`));
        for (const step of steps) {
            const swatch = element('span', 'diff-swatch', points(step * this.clamp));
            swatch.style.background = colourOf(step * this.clamp, this.clamp, palette);
            swatch.style.color = textColourOf(step * this.clamp, this.clamp, palette);
            this.legend.append(swatch);
        }
    }

    renderCrumbs() {
        this.crumbs.replaceChildren();
        /** @type {Frame[]} */
        const path = [];
        for (let f = /** @type {Frame | null} */ (this.zoom); f; f = f.parent) path.unshift(f);
        path.forEach((frame, i) => {
            if (i > 0) this.crumbs.append(element('span', 'flame-crumb-separator', '›'));
            if (frame === this.zoom) {
                this.crumbs.append(element('span', 'flame-crumb', frame.node.name));
            } else {
                const button = element('button', 'flame-crumb', frame.node.name);
                button.setAttribute('type', 'button');
                button.addEventListener('click', () => this.zoomTo(frame));
                this.crumbs.append(button);
            }
        });
    }

    /**
     * @param {Frame} frame
     * @param {number} x
     * @param {number} y
     */
    showTooltip(frame, x, y) {
        const { node } = frame;
        const baseShare = this.tree.baseTotal ? node.base / this.tree.baseTotal : 0;
        const otherShare = this.tree.otherTotal ? node.other / this.tree.otherTotal : 0;
        this.tooltip.replaceChildren(element('div', 'flame-tooltip-name', node.name));
        const stats = element('dl', 'flame-tooltip-stats');
        /** @type {[string, string][]} */
        const entries = [
            [this.baseLabel, `${count(node.base)} samples · ${percent(baseShare)}`],
            [this.otherLabel, `${count(node.other)} samples · ${percent(otherShare)}`],
            ['change', points(frame.change)],
            ['self', `${count(node.baseSelf)} → ${count(node.otherSelf)}`],
        ];
        for (const [term, description] of entries) stats.append(element('dt', '', term), element('dd', '', description));
        this.tooltip.append(stats);
        this.tooltip.hidden = false;
        this.placeTooltip(x, y);
    }

    /**
     * @param {number} x
     * @param {number} y
     */
    placeTooltip(x, y) {
        const width = this.tooltip.offsetWidth;
        this.tooltip.style.left = `${Math.min(x + 14, window.innerWidth - width - 8)}px`;
        this.tooltip.style.top = `${y + 14}px`;
    }

    /** @param {KeyboardEvent} event */
    onKey(event) {
        const current = this.selected && this.isInside(this.selected) ? this.selected : null;
        /** @type {Frame | null} */
        let next = null;
        const visible = (/** @type {Frame} */ frame) => this.value(frame) / Math.max(1, this.value(this.zoom)) >= MIN_WIDTH_FRACTION;
        switch (event.key) {
            case 'ArrowDown':
                next = current && current !== this.zoom ? current.parent : this.zoom;
                break;
            case 'ArrowUp': {
                const children = (current ? this.children(current) : [this.zoom]).filter(visible);
                next = children.reduce((/** @type {Frame | null} */ widest, child) => !widest || this.value(child) > this.value(widest) ? child : widest, null);
                break;
            }
            case 'ArrowLeft':
            case 'ArrowRight': {
                if (!current || !current.parent || current === this.zoom) { next = this.zoom; break; }
                const siblings = this.children(current.parent).filter(visible);
                const position = siblings.indexOf(current) + (event.key === 'ArrowRight' ? 1 : -1);
                next = siblings[position] ?? current;
                break;
            }
            case 'Enter':
            case ' ':
                if (current) this.zoomTo(current);
                event.preventDefault();
                return;
            case 'Escape':
                if (this.zoom.parent) this.zoomTo(this.zoom.parent);
                event.preventDefault();
                return;
            default:
                return;
        }
        event.preventDefault();
        if (!next) return;
        this.selected = next;
        this.render();
        const div = this.viewport.querySelector('.dframe.selected');
        if (div) {
            const box = div.getBoundingClientRect();
            this.showTooltip(next, box.left, box.top);
        }
        this.status.textContent = `${next.node.name}: ${points(next.change)}`;
    }
}

startOnEveryPage((root) => {
    for (const host of elementsWithin(root, '[data-diff-flame]')) {
        if (!host.dataset.started) {
            host.dataset.started = 'true';
            new DiffFlameGraph(host);
        }
    }
});
