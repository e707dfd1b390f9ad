// @ts-check
// perf's -e list syntax, as the event picker needs it. Pure: no DOM.

/**
 * Splits an event list the way perf's -e reads it, with the same rules as SplitTopLevel in
 * WebOcperf/Perf/EventListSyntax.cs: at commas outside a group ({a,b}) and outside a PMU event's terms, where a '/'
 * opens terms only right after a PMU name (cpu/event=0x3c,umask=0/). Blank entries are dropped.
 * @param {string} list
 * @returns {string[]}
 */
export function splitEventList(list) {
    const events = [];
    let current = '';
    let insideTerms = false;
    let groupDepth = 0;
    let bracesOnly = true;
    let pmuName = false;
    for (const c of list) {
        if (c === '/' && (insideTerms || pmuName)) insideTerms = !insideTerms;
        if (!insideTerms) {
            if (c === '{') groupDepth++;
            else if (c === '}' && groupDepth > 0) groupDepth--;
        }
        if (c === ',' && !insideTerms) {
            bracesOnly = true;
            pmuName = false;
            if (groupDepth === 0) {
                events.push(current);
                current = '';
            } else {
                current += c;
            }
            continue;
        }
        current += c;
        if (bracesOnly && c === '{') continue;
        pmuName = (bracesOnly || pmuName) && /[A-Za-z0-9_.-]/.test(c);
        bracesOnly = false;
    }
    events.push(current);
    return events.map((e) => e.trim()).filter((e) => e.length > 0);
}
