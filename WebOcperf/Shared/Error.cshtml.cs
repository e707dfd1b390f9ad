using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebOcperf.Infrastructure;

namespace WebOcperf.Shared;

/// <summary>The page shown for 404s and for unexpected errors, in words rather than a bare status code.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string Message { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var failed = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        var requested = status ?? Response.StatusCode;
        // only error statuses: ?status=5 is no status at all (Kestrel drops the connection), ?status=101 would switch
        // protocols, and the page itself is the answer to a bad request then
        Status = failed ? StatusCodes.Status500InternalServerError
            : requested is >= 400 and <= 599 ? requested : StatusCodes.Status400BadRequest;
        Response.StatusCode = Status;
        Message = Status switch
        {
            404 => "There is nothing at this address. The session or benchmark may have been deleted, or the link is mistyped.",
            400 => "The request was not understood.",
            403 => "You may not use this server from where you are.",
            408 => "The request arrived too slowly; the server stopped waiting for it.",
            413 => "The request is too large: a form or body beyond the server's limits (see the server's log for which).",
            500 => "Something went wrong on the server. The details are in the server's log.",
            _ => "The request could not be completed.",
        };
        // a refusal that knows which limit was crossed says so (RequestLimitsMiddleware)
        if (HttpContext.Items[RequestLimitsMiddleware.DetailItemKey] is string detail)
        {
            Message = detail;
        }
    }
}
