using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

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
        Status = failed ? StatusCodes.Status500InternalServerError : status ?? Response.StatusCode;
        Response.StatusCode = Status;
        Message = Status switch
        {
            404 => "There is nothing at this address. The session or benchmark may have been deleted, or the link is mistyped.",
            400 => "The request was not understood.",
            403 => "You may not use this server from where you are.",
            500 => "Something went wrong on the server. The details are in the server's log.",
            _ => "The request could not be completed.",
        };
    }
}
