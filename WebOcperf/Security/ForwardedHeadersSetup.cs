using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;

namespace WebOcperf.Security;

/// <summary>
/// Who the client is, when a proxy stands in front: only the proxies listed in WebOcperf:TrustedProxies are believed.
/// Runs after every other configuration of <see cref="ForwardedHeadersOptions"/>, ASP.NET's own for
/// ASPNETCORE_FORWARDEDHEADERS_ENABLED included (which clears the known proxies, so that any sender is believed).
/// </summary>
public sealed class ForwardedHeadersSetup(IOptions<WebOcperfOptions> settings) : IPostConfigureOptions<ForwardedHeadersOptions>
{
    public void PostConfigure(string? name, ForwardedHeadersOptions options)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        var trusted = settings.Value.TrustedProxies.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (trusted.Count == 0)
        {
            // the connection's address decides
            options.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        foreach (var proxy in trusted)
        {
            if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new FormatException($"WebOcperf:TrustedProxies has '{proxy}', which is neither an IP address nor a CIDR range");
            }
        }
    }

    /// <summary>Whether any proxy is trusted: only then do the forwarded headers need reading.</summary>
    public static bool AnyTrusted(IServiceProvider services) =>
        services.GetWebOcperfOptions().TrustedProxies.Any(p => !string.IsNullOrWhiteSpace(p));
}
