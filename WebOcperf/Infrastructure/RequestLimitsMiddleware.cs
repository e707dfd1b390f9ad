using Htmx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace WebOcperf.Infrastructure;

/// <summary>
/// A request beyond the server's limits gets a 4xx saying which limit, never a 500, a dropped connection or a 404:
/// a body over Kestrel's size limit (413) or sent too slowly (408), which surface as
/// <see cref="BadHttpRequestException"/> wherever the body is read; a form with too many fields or too long a field
/// (413), which would otherwise fail inside model binding, leaving the page without its handler. Scripts and htmx get
/// problem details (htmx shows their detail in its banner), people the error page with the same sentence.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>Where the error page finds the sentence that says which limit was crossed.</summary>
    public const string DetailItemKey = "WebOcperf.ErrorDetail";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            // (not again when the error page is shown for the refusal: the form's body is already spent)
            if (context.Request.HasFormContentType && !HttpMethods.IsGet(context.Request.Method)
                && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                try
                {
                    // read here, once, against FormOptions' limits; the pages' binding and antiforgery reuse it
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException e)
                {
                    await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "The form is too large",
                        $"The form is larger than the server accepts ({e.Message.TrimEnd('.')}): at most 1,024 fields of at most 4 MB each.");
                    return;
                }
            }
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var (title, detail) = e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ("The request body is too large",
                    $"The body is larger than the server accepts ({Limit(context)}). Send less, e.g. fewer or shorter environment variables."),
                StatusCodes.Status408RequestTimeout => ("The request body arrived too slowly",
                    "The body arrived too slowly; the server stopped waiting for it. Send it again."),
                _ => ("The request could not be read", e.Message),
            };
            await RefuseAsync(context, e.StatusCode, title, detail);
        }
    }

    private static string Limit(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } bytes
            ? $"at most {bytes / (1024 * 1024)} MB"
            : "its limit";

    private async Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        // the body was not read to its end: the connection cannot carry another request
        context.Response.Headers.Connection = "close";
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.IsHtmx())
        {
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            });
            return;
        }
        // the status code pages show the error page, which finds the sentence here
        context.Items[DetailItemKey] = detail;
    }
}
