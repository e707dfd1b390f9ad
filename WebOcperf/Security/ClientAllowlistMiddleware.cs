namespace WebOcperf.Security;

/// <summary>Answers 403 to clients outside WebOcperf:AllowedClients, before anything else runs.</summary>
public sealed class ClientAllowlistMiddleware(RequestDelegate next, ClientAllowlist allowlist, ILogger<ClientAllowlistMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var client = context.Connection.RemoteIpAddress;
        if (!allowlist.Allows(client))
        {
            logger.RefusedClient(client);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"403 Forbidden: {client} is not in WebOcperf:AllowedClients. WebOcperf runs commands, so it only serves the clients it is told to.");
            return;
        }
        await next(context);
    }
}
