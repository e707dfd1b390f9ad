using System.Net;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Security;

/// <summary>
/// Refuses requests addressed to a host name WebOcperf does not know (421 Misdirected Request). The client-address
/// allowlist cannot stop DNS rebinding — the rebound browser's requests do come from 127.0.0.1 — but they carry the
/// attacker's name in Host. IP literals are accepted: a page cannot make a browser send another origin's name with
/// them, and cross-site requests to them are stopped by the antiforgery and Origin checks.
/// </summary>
public sealed class HostAllowlistMiddleware(RequestDelegate next, IOptions<WebOcperfOptions> options,
    ILogger<HostAllowlistMiddleware> logger)
{
    private readonly HashSet<string> names = new(
        options.Value.AllowedHostNames.Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).Append("localhost"),
        StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (IsAllowed(host))
        {
            await next(context);
            return;
        }
        logger.RefusedHostName(host);
        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(
            $"421 Misdirected Request: this server does not answer to the host name '{host}'. " +
            "If you reach it under that name on purpose, add it to WebOcperf:AllowedHostNames.");
    }

    public bool IsAllowed(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }
        var bare = host.TrimStart('[').TrimEnd(']');
        return IPAddress.TryParse(bare, out _) || names.Contains(host.TrimEnd('.'));
    }
}
