using Htmx;

namespace WebOcperf.Infrastructure;

/// <summary>
/// The one place that decides whether a request wants a fragment (for htmx to swap in) instead of a whole page.
/// Request detection and response headers are the Htmx package's; this adds our rule for history restores and the
/// <c>Vary</c> header every such answer needs.
/// </summary>
public static class HtmxFragments
{
    /// <summary>
    /// True for htmx requests, except history restores: when htmx's history cache misses it asks for the URL again
    /// and needs the whole page (the package's <c>IsHtmx()</c> alone says true for those). Whoever asks answers
    /// differently for the two, so the response gets <c>Vary: HX-Request</c>: a cache (the browser's included) must
    /// not hand a fragment to someone who asked for the page, or the other way round.
    /// </summary>
    public static bool WantsFragment(this HttpRequest request)
    {
        var headers = request.HttpContext.Response.Headers;
        if (!headers.Vary.Any(value => value is not null && value.Contains(HtmxRequestHeaders.Keys.Request, StringComparison.OrdinalIgnoreCase)))
        {
            request.HttpContext.Response.Htmx(h => h.WithVary());
        }
        return request.IsHtmx() && !request.IsHtmxHistoryRestoreRequest();
    }
}
