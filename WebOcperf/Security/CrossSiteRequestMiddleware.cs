namespace WebOcperf.Security;

/// <summary>
/// Refuses state-changing requests that a browser marks as coming from another site (Origin of another host, or
/// Sec-Fetch-Site: cross-site). Forms and htmx also carry an antiforgery token; the JSON API relies on this check
/// together with its Content-Type: application/json requirement, which a cross-site form cannot meet.
/// </summary>
public sealed class CrossSiteRequestMiddleware(RequestDelegate next, ILogger<CrossSiteRequestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || IsSameSite(request))
        {
            await next(context);
            return;
        }
        logger.RefusedCrossSiteRequest(request.Method, request.Path, request.Headers.Origin.ToString());
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("403 Forbidden: a request from another site may not change anything here.");
    }

    private static bool IsSameSite(HttpRequest request)
    {
        // header values are case-insensitive tokens: "Cross-Site" must not slip through
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            // scripts (curl, the API's clients) send no Origin; browsers always do on cross-site writes
            return true;
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
            && string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
