namespace WebOcperf.Infrastructure;

/// <summary>The one place that decides whether a request came from htmx and wants a partial instead of a page.</summary>
public static class HtmxRequests
{
    /// <summary>
    /// True for htmx requests, except history restores: when htmx's history cache misses it asks for the URL again
    /// and needs the whole page.
    /// </summary>
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers["HX-Request"] == "true" && request.Headers["HX-History-Restore-Request"] != "true";
}
