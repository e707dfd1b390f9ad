// @ts-check
// Back and forward load the page afresh (htmx keeps no history snapshots: see the htmx-config meta in _Layout). htmx
// does that once it has started, and it starts only after every module script has loaded. A back or forward before
// then (a quick second click, a slow connection) would change the address bar but leave the previous run showing,
// so until htmx has taken the popstate event over, this classic script, which runs first, does what htmx would.

window.addEventListener('popstate', (event) => {
    const htmxHandlesIt = window.onpopstate !== null;
    if (!htmxHandlesIt && event.state && event.state.htmx) window.location.reload();
});
