using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Security;

/// <summary>
/// Whether requests need the access token, and the token. Decided before the server listens, from the addresses it
/// is configured to listen on: beyond loopback a token is required (unless WebOcperf:AllowRemoteWithoutToken says
/// otherwise), as Jupyter does.
/// </summary>
public sealed class AccessTokenState
{
    public AccessTokenState(IOptions<WebOcperfOptions> options, ListenAddresses listen)
    {
        var settings = options.Value;
        Required = settings.RequireAccessToken || (listen.BeyondLoopback && !settings.AllowRemoteWithoutToken);
        Token = Required
            ? (string.IsNullOrWhiteSpace(settings.AccessToken) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : settings.AccessToken.Trim())
            : "";
        CookieName = CookieNameFor(settings.ResolveDataDirectory());
    }

    public bool Required { get; }
    public string Token { get; }

    /// <summary>
    /// Cookies are not port-scoped: every server of this host receives every server's cookie. Two of one user's
    /// servers (on two data directories, one server each) must not overwrite each other's, so the name carries the
    /// data directory's hash — stable across restarts, and naming nothing.
    /// </summary>
    public string CookieName { get; }

    public static string CookieNameFor(string dataDirectory) =>
        "webocperf-token-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];

    public bool Matches(string? candidate) =>
        candidate is not null && Token.Length > 0
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Token));
}

/// <summary>The addresses the server was configured to listen on, and whether any of them reaches beyond loopback.</summary>
public sealed record ListenAddresses(IReadOnlyList<string> Urls, bool BeyondLoopback)
{
    public static ListenAddresses FromConfiguration(IConfiguration configuration, string defaultUrl)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        var anyPort = !string.IsNullOrEmpty(configuration["http_ports"]) || !string.IsNullOrEmpty(configuration["https_ports"]);
        if (urls.Count == 0 && !anyPort)
        {
            urls.Add(defaultUrl);
        }
        return new ListenAddresses(urls, anyPort || urls.Any(url => !IsLoopbackUrl(url)));
    }

    /// <summary>Whether only this machine can reach the address: loopback, or a Unix socket (<c>http://unix:/path</c>).</summary>
    public static bool IsLoopbackUrl(string url)
    {
        // "http://*:80" and "http://+:80" are not valid URIs: take the host between "://" and the port by hand
        var afterScheme = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        if (UnixSocketListeners.SocketPathOf(url) is not null)
        {
            return true;
        }
        var host = afterScheme.StartsWith('[')
            ? afterScheme[..(afterScheme.IndexOf(']') + 1)]
            : afterScheme.Split(':', '/')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}

/// <summary>
/// Lets a request through when it carries the token (cookie, <c>Authorization: Bearer</c>, or <c>?token=</c> once,
/// which sets the cookie and redirects to the clean URL); answers 401 otherwise, with a small login page for browsers.
/// </summary>
public sealed class AccessTokenMiddleware(RequestDelegate next, AccessTokenState state, UnixSocketConnections unixSockets)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // a Unix socket is made 0600 in a 0700 directory: whoever can connect is the server's own user
        if (!state.Required || IsPublicAsset(context.Request.Path) || unixSockets.Contains(context))
        {
            await next(context);
            return;
        }
        var request = context.Request;
        var fromQuery = request.Query["token"].ToString();
        if (fromQuery.Length > 0 && state.Matches(fromQuery))
        {
            await SetCookieAndRedirectToCleanUrlAsync(context);
            return;
        }
        var bearer = request.Headers.Authorization.ToString();
        if (state.Matches(request.Cookies[state.CookieName])
            || (bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && state.Matches(bearer["Bearer ".Length..].Trim())))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"WebOcperf\"";
        if (request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(LoginPage(fromQuery.Length > 0));
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("401 Unauthorized: send the access token as 'Authorization: Bearer <token>'.");
    }

    /// <summary>
    /// The first visit with <c>?token=</c>: the cookie, then the same address without the token. The address is
    /// built from the path as it was encoded, never from its decoded text: <c>/%5Cevil.example</c> decodes to
    /// <c>/\evil.example</c>, which browsers follow to another site, and non-ASCII text cannot go into a header.
    /// </summary>
    private async Task SetCookieAndRedirectToCleanUrlAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.PathBase.Add(request.Path);
        if (path.Value is { } decoded && decoded.Any(c => c == '\\' || char.IsControl(c)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                "400 Bad Request: the address holds a backslash or a control character, which no page here has. Open / with the token instead.");
            return;
        }
        context.Response.Cookies.Append(state.CookieName, state.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        var query = QueryString.Create(request.Query.Where(q => q.Key != "token"));
        var location = path.HasValue ? path.ToUriComponent() : "/";
        // "//host/…" would be a protocol-relative redirect to another site
        context.Response.Redirect((location.StartsWith("//", StringComparison.Ordinal) ? "/" : location) + query.ToUriComponent());
    }

    /// <summary>
    /// Stylesheets, libraries and the icon hold nothing private, and the login page needs them; <c>/healthz</c> is for
    /// monitors that hold no token, and says only which checks pass.
    /// </summary>
    private static bool IsPublicAsset(PathString path) =>
        path.StartsWithSegments("/css") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/favicon.svg")
        || path.Equals(Health.HealthRegistration.Path, StringComparison.OrdinalIgnoreCase);

    private static string LoginPage(bool wrongToken) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Access token · WebOcperf</title>
        <link rel="stylesheet" href="/css/site.css"></head>
        <body><header class="topbar"><span class="brand">WebOcperf</span></header>
        <main class="page"><section class="card login">
        <h1>Access token</h1>
        <p>This server asks for the access token it printed when it started (the line with <code>?token=</code>),
        because it listens beyond loopback or was told to.</p>
        {{(wrongToken ? "<p class=\"field-error\">That token is not right.</p>" : "")}}
        <form method="get" class="row"><input name="token" type="password" autocomplete="current-password" aria-label="Access token" autofocus>
        <button type="submit" class="primary">Open</button></form>
        </section></main></body></html>
        """;
}

/// <summary>
/// Once the server listens: prints the ready-to-open URL with the token, and stops the server if it listens beyond
/// loopback without a token when it was not told explicitly that this is intended.
/// </summary>
public sealed class AccessTokenAnnouncer(IServer server, AccessTokenState state, IOptions<WebOcperfOptions> options,
    IHostApplicationLifetime lifetime, ILogger<AccessTokenAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var beyondLoopback = addresses.Any(a => !ListenAddresses.IsLoopbackUrl(a));
        if (beyondLoopback && !state.Required && !options.Value.AllowRemoteWithoutToken)
        {
            logger.RefusedToListenBeyondLoopbackWithoutToken(string.Join(", ", addresses));
            lifetime.StopApplication();
            return;
        }
        if (beyondLoopback && !state.Required)
        {
            logger.ListeningBeyondLoopbackWithoutToken();
        }
        var onlyLoopbackClients = options.Value.EffectiveAllowedClients.All(IsLoopbackClient);
        if (state.Required)
        {
            // the machine's own addresses are worth printing only to clients that may connect through them
            foreach (var url in OpenableUrls(addresses, onlyLoopbackClients ? [] : MachineAddresses()))
            {
                logger.OpenWithToken($"{url}/?token={state.Token}");
            }
        }
        if (beyondLoopback && onlyLoopbackClients)
        {
            logger.OnlyLoopbackClientsAllowed();
        }
    }

    /// <summary>
    /// The URLs a person can open for the addresses the server listens on: a wildcard (<c>0.0.0.0</c>, <c>[::]</c>,
    /// <c>+</c>, <c>*</c>) is no address to open, so it becomes loopback and each of the machine's own addresses —
    /// IP literals, which the Host allowlist accepts, where a host name would need WebOcperf:AllowedHostNames.
    /// </summary>
    public static IReadOnlyList<string> OpenableUrls(IEnumerable<string> listening, IReadOnlyList<IPAddress> machineAddresses)
    {
        var urls = new List<string>();
        // a Unix socket asks for no token, and is no address a browser opens (UnixSocketListeners says how to forward it)
        foreach (var address in listening.Where(a => UnixSocketListeners.SocketPathOf(a) is null))
        {
            var trimmed = address.TrimEnd('/');
            var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
            var hostStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
            var portStart = trimmed.LastIndexOf(':');
            var host = portStart > hostStart ? trimmed[hostStart..portStart] : trimmed[hostStart..];
            if (host is not ("0.0.0.0" or "[::]" or "+" or "*"))
            {
                urls.Add(trimmed);
                continue;
            }
            var scheme = trimmed[..hostStart];
            var port = portStart > hostStart ? trimmed[portStart..] : "";
            var ipv6 = host == "[::]";
            urls.Add($"{scheme}{(ipv6 ? "[::1]" : "127.0.0.1")}{port}");
            foreach (var ip in machineAddresses.Where(ip => !IPAddress.IsLoopback(ip)
                         && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || ipv6)))
            {
                urls.Add(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"{scheme}[{ip}]{port}" : $"{scheme}{ip}{port}");
            }
        }
        return urls.Distinct().ToList();
    }

    private static bool IsLoopbackClient(string client)
    {
        var address = client.Split('/')[0];
        return IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip);
    }

    private static List<IPAddress> MachineAddresses() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(ip => !ip.IsIPv6LinkLocal)
            .ToList();
}
