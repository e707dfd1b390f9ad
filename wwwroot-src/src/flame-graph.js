// A flame graph of a perf recording, drawn top-down as an icicle: the root ("all") is the top row, each process
// (comm) is the row below it, then the frames of its call chains from the outermost caller down to the leaf.
// Widths are proportional to samples. It draws on a canvas because recordings have tens of thousands of frames:
// the tree is flattened once into arrays in depth-first order (so a frame's descendants are the index range right
// after it) and each draw only visits frames wider than half a pixel. Everything data-derived reaches the DOM
// through textContent, because frame names are whatever the profiled program put in its symbol table.
//
//   FlameGraph.mount(element, { url, params })  or  FlameGraph.mount(element, { data })
//   element.flameGraph = { zoomTo(path), resetZoom(), search(text), reload(params) }
//
// Elements with [data-flame] inside a [data-profile] section mount themselves, reading data-flame-url, data-event and
// data-range ("from,to" in seconds) from the section.
(function () {
    'use strict';

    const ROW_HEIGHT = 18;
    const MIN_FRAME_WIDTH = 0.5;
    const MIN_OUTLINE_WIDTH = 8;
    const LABEL_PADDING = 3;
    const FONT_SIZE = 11;
    const TOOLTIP_OFFSET = 14;
    const KERNEL_DSO = /^\[(kernel\.|guest\.kernel\.)/;
    const UNKNOWN = '[unknown]';

    const COLOURS = Object.freeze({
        root: 'hsl(220, 14%, 86%)',
        unknown: 'hsl(215, 10%, 78%)',
        match: 'hsl(295, 75%, 66%)',
        label: '#111827',
        hover: 'rgba(17, 24, 39, 0.55)',
        selection: '#1d4ed8',
    });

    // Stable across reloads and sessions so that a function keeps its colour when the range changes.
    function hashOf(text) {
        let hash = 2166136261;
        for (let i = 0; i < text.length; i++) {
            hash ^= text.charCodeAt(i);
            hash = Math.imul(hash, 16777619);
        }
        return (hash >>> 0) / 4294967296;
    }

    // Kernel frames are orange; user-space frames get red or yellow hues (never orange, so the kernel stands out),
    // and unresolved frames are grey because their width says something but their name does not.
    function colourOf(name, dso, depth) {
        if (depth === 0) return COLOURS.root;
        if (dso === UNKNOWN || name === UNKNOWN) return COLOURS.unknown;
        const t = hashOf(name);
        if (dso && KERNEL_DSO.test(dso)) return `hsl(${26 + Math.round(t * 8)}, 88%, ${58 + Math.round(t * 6)}%)`;
        const hue = t < 0.5 ? Math.round(t * 2 * 14) : 44 + Math.round((t - 0.5) * 2 * 12);
        return `hsl(${hue}, ${72 + Math.round(t * 14)}%, ${63 + Math.round(t * 5)}%)`;
    }

    function formatCount(value) {
        return Math.round(value).toLocaleString('en-US');
    }

    function formatPercent(fraction) {
        const percent = fraction * 100;
        if (percent > 0 && percent < 0.01) return '< 0.01 %';
        return `${percent.toFixed(2)} %`;
    }

    // A search is a case-insensitive regular expression when it parses as one, else plain text.
    function matcherFor(text) {
        try {
            const pattern = new RegExp(text, 'i');
            return (name) => pattern.test(name);
        } catch {
            const needle = text.toLowerCase();
            return (name) => name.toLowerCase().includes(needle);
        }
    }

    // The tree in depth-first order: node i's descendants are i+1 … end[i]-1, and start[i] is its left edge in
    // samples, so zooming, drawing and searching are linear scans that skip whole subtrees.
    function flatten(root) {
        const names = [];
        const dsos = [];
        const values = [];
        const selfs = [];
        const depths = [];
        const parents = [];
        const starts = [];
        const ends = [];
        // each entry: [node, depth, parent index, left edge]; children are pushed in reverse so they pop in order
        const stack = [[root, 0, -1, 0]];
        const open = [];
        while (stack.length) {
            const [node, depth, parent, start] = stack.pop();
            while (open.length && depths[open[open.length - 1]] >= depth) ends[open.pop()] = names.length;
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
        while (open.length) ends[open.pop()] = names.length;
        // the same function appears in many stacks: its colour is worked out once
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

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    class FlameGraph {
        constructor(host, options) {
            this.host = host;
            this.url = options.url || null;
            this.params = Object.assign({}, options.params);
            this.tree = null;
            this.total = 0;
            this.zoom = 0;
            this.hovered = -1;
            this.selected = -1;
            this.matches = null;
            this.rows = [];
            this.scale = 1;
            this.drawRequested = false;
            this.build();
            this.observer = new ResizeObserver(() => this.requestDraw());
            this.observer.observe(this.viewport);
            host.addEventListener('htmx:beforeCleanupElement', (event) => {
                if (event.target === host) this.close();
            });
            if (options.data) this.show(options.data);
            else if (this.url) this.reload();
        }

        build() {
            const host = this.host;
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
        }

        bindEvents() {
            this.searchBox.addEventListener('input', () => this.search(this.searchBox.value));
            this.resetButton.addEventListener('click', () => this.resetZoom());
            this.crumbs.addEventListener('click', (event) => {
                const crumb = event.target.closest('button[data-node]');
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

        // Fetches the graph again with these query parameters merged into the current ones; null removes one.
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
                this.showMessage(`The flame graph could not be loaded: ${error.message}`);
                this.setState('error');
            }
        }

        setState(state) {
            this.host.dataset.state = state;
            this.host.dataset.rendered = 'false';
            this.host.setAttribute('aria-busy', String(state === 'loading'));
        }

        // Takes a new graph, keeping the zoomed frame (by its path) and the search across range changes.
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

        showMessage(text) {
            this.canvas.hidden = true;
            this.message.hidden = false;
            this.message.textContent = text;
            this.host.dataset.rendered = 'false';
        }

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

        pathOf(index) {
            const path = [];
            for (let i = index; i > 0; i = this.tree.parent[i]) path.unshift(this.tree.names[i]);
            return path;
        }

        // The frame at this path of names below the root, or -1.
        findPath(path) {
            const tree = this.tree;
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

        // path: the names from the root's child down ("sh;main;work" or ["sh", "main", "work"]); a leading "all"
        // (the root) is ignored. Returns whether the frame exists.
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

        zoomToIndex(index) {
            this.zoom = index;
            if (this.selected >= 0 && !this.isInZoom(this.selected)) this.selected = index;
            this.updateZoom();
        }

        isInZoom(index) {
            return index >= this.zoom && index < this.tree.end[this.zoom];
        }

        updateZoom() {
            const zoomed = this.zoom > 0;
            this.resetButton.disabled = !zoomed;
            if (zoomed) {
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
            const crumbs = [];
            if (this.tree) {
                const chain = [];
                for (let i = this.zoom; i >= 0; i = this.tree.parent[i]) chain.unshift(i);
                chain.forEach((index, position) => {
                    if (position > 0) crumbs.push(element('span', 'flame-crumb-separator', '›'));
                    const name = this.tree.names[index];
                    const current = index === this.zoom;
                    const crumb = element(current ? 'span' : 'button', 'flame-crumb', name);
                    crumb.title = name;
                    if (current) {
                        crumb.setAttribute('aria-current', 'true');
                    } else {
                        crumb.type = 'button';
                        crumb.dataset.node = String(index);
                    }
                    crumbs.push(crumb);
                });
            }
            this.crumbs.replaceChildren(...crumbs);
            this.crumbs.hidden = this.zoom === 0;
        }

        // --- search --------------------------------------------------------------------------------------------

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
            const test = matcherFor(text);
            const tree = this.tree;
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
            this.matches = matches;
            this.host.dataset.matchedShare = (this.matchedWithin(0) / this.total * 100).toFixed(2);
            this.host.dataset.matchedFrames = String(frames);
            this.updateMatchLabel();
        }

        // Samples under the frame whose stacks contain a match: a matching frame counts with all its descendants,
        // which are then skipped, so a recursive function or nested matches count each sample once.
        matchedWithin(index) {
            const tree = this.tree;
            let samples = 0;
            let i = index;
            while (i < tree.end[index]) {
                if (this.matches[i]) {
                    samples += tree.value[i];
                    i = tree.end[i];
                } else {
                    i++;
                }
            }
            return samples;
        }

        updateMatchLabel() {
            if (!this.matches) {
                this.matchLabel.textContent = '';
                return;
            }
            let text = `matched: ${formatPercent(this.matchedWithin(0) / this.total)} of samples`;
            if (this.zoom > 0) text += ` (${formatPercent(this.matchedWithin(this.zoom) / this.tree.value[this.zoom])} of the zoomed frame)`;
            this.matchLabel.textContent = text;
        }

        // --- drawing -------------------------------------------------------------------------------------------

        requestDraw() {
            if (this.drawRequested) return;
            this.drawRequested = true;
            window.requestAnimationFrame(() => {
                this.drawRequested = false;
                this.drawNow();
            });
        }

        // Lays out the visible frames row by row (left to right within a row, as depth-first order visits them)
        // for the hit test and keyboard moves, then paints them.
        layout() {
            const tree = this.tree;
            const width = this.viewport.clientWidth;
            const zoom = this.zoom;
            this.width = width;
            this.scale = width / tree.value[zoom];
            const baseDepth = tree.depth[zoom];
            const rows = [];
            let i = zoom;
            while (i < tree.end[zoom]) {
                if (tree.value[i] * this.scale < MIN_FRAME_WIDTH) {
                    i = tree.end[i];
                    continue;
                }
                const row = tree.depth[i] - baseDepth;
                (rows[row] || (rows[row] = [])).push(i);
                i++;
            }
            this.rows = rows;
        }

        frameBox(index) {
            const tree = this.tree;
            return {
                x: (tree.start[index] - tree.start[this.zoom]) * this.scale,
                y: (tree.depth[index] - tree.depth[this.zoom]) * ROW_HEIGHT,
                width: tree.value[index] * this.scale,
            };
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

        // A frame only a few pixels wide still gets an outline wide enough to be seen, centred on it.
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

        hitTest(event) {
            if (!this.tree) return -1;
            const bounds = this.canvas.getBoundingClientRect();
            const x = event.clientX - bounds.left;
            const row = this.rows[Math.floor((event.clientY - bounds.top) / ROW_HEIGHT)];
            if (!row) return -1;
            let low = 0;
            let high = row.length - 1;
            while (low <= high) {
                const middle = (low + high) >> 1;
                const box = this.frameBox(row[middle]);
                if (x < box.x) high = middle - 1;
                else if (x >= box.x + box.width) low = middle + 1;
                else return row[middle];
            }
            return -1;
        }

        onPointer(event) {
            const index = this.hitTest(event);
            this.canvas.classList.toggle('over-frame', index >= 0);
            this.setHovered(index);
            if (index < 0) this.hideTooltip();
            else this.showTooltip(index, event.clientX, event.clientY);
        }

        setHovered(index) {
            if (index === this.hovered) return;
            this.hovered = index;
            this.requestDraw();
        }

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

        widestChild(index) {
            const tree = this.tree;
            let widest = -1;
            for (let child = index + 1; child < tree.end[index]; child = tree.end[child]) {
                if (tree.value[child] * this.scale < MIN_FRAME_WIDTH) continue;
                if (widest < 0 || tree.value[child] > tree.value[widest]) widest = child;
            }
            return widest;
        }

        // The next visible frame to the left or right in the same row, whoever its parent is.
        neighbour(index, step) {
            const row = this.rows[this.tree.depth[index] - this.tree.depth[this.zoom]];
            const position = row ? row.indexOf(index) : -1;
            if (position < 0) return -1;
            return row[position + step] ?? -1;
        }

        select(index) {
            this.selected = index;
            this.host.dataset.selectedFrame = this.tree.names[index];
            const box = this.frameBox(index);
            if (box.y < this.viewport.scrollTop) this.viewport.scrollTop = box.y;
            else if (box.y + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) {
                this.viewport.scrollTop = box.y + ROW_HEIGHT - this.viewport.clientHeight;
            }
            this.drawNow();
            const bounds = this.canvas.getBoundingClientRect();
            const anchorX = bounds.left + box.x + Math.min(box.width, this.width - box.x) / 2;
            this.showTooltip(index, anchorX, bounds.top + box.y + ROW_HEIGHT / 2);
            this.status.textContent = `${this.tree.names[index]}: ${formatCount(this.tree.value[index])} samples, `
                + `${formatPercent(this.tree.value[index] / this.total)} of all samples`;
        }

        // --- tooltip -------------------------------------------------------------------------------------------

        showTooltip(index, clientX, clientY) {
            const tree = this.tree;
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

    function mount(host, options) {
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

    // The section says where the graph comes from and which event and time range it shows.
    function paramsOf(section) {
        const params = {};
        if (section.dataset.event) params.event = section.dataset.event;
        const range = (section.dataset.range || '').split(',').map(Number);
        if (range.length === 2 && range.every(Number.isFinite) && range[0] < range[1]) {
            params.from = String(range[0]);
            params.to = String(range[1]);
        }
        return params;
    }

    function start(root) {
        for (const host of root.querySelectorAll('[data-profile] [data-flame]')) {
            const section = host.closest('[data-profile]');
            if (!host.flameGraph && section.dataset.flameUrl) mount(host, { url: section.dataset.flameUrl, params: paramsOf(section) });
        }
    }

    window.FlameGraph = { mount };
    document.addEventListener('DOMContentLoaded', () => start(document));
    document.addEventListener('htmx:afterSettle', (event) => start(event.target));
})();
