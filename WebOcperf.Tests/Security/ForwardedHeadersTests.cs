using System.Net;
using Microsoft.AspNetCore.Hosting;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Security;

/// <summary>
/// Behind ASPNETCORE_FORWARDEDHEADERS_ENABLED (common in containers) the client's address comes from the connection
/// unless trusted proxies are named; a spoofed X-Forwarded-For must not pass AllowedClients.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string AllowedClient = "10.1.2.3";

    private sealed class BehindForwardedHeaders(params string[] trustedProxies) : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings
        {
            get
            {
                var settings = new Dictionary<string, string?>
                {
                    // what ASPNETCORE_FORWARDEDHEADERS_ENABLED=true sets
                    ["FORWARDEDHEADERS_ENABLED"] = "true",
                    ["WebOcperf:AllowedClients:0"] = AllowedClient,
                };
                for (var i = 0; i < trustedProxies.Length; i++)
                {
                    settings[$"WebOcperf:TrustedProxies:{i}"] = trustedProxies[i];
                }
                return settings;
            }
        }
    }

    private static async Task<HttpStatusCode> GetAsync(WebOcperfFactory factory, string? forwardedFor)
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        using var http = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/sessions");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Without_trusted_proxies_a_spoofed_forwarded_for_is_ignored()
    {
        await using var factory = new BehindForwardedHeaders();

        // the connection comes from 127.0.0.1, which is not allowed here, whatever it claims to forward
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(factory, AllowedClient));
    }

    [Fact]
    public async Task A_trusted_proxy_is_believed_about_its_client()
    {
        await using var factory = new BehindForwardedHeaders("127.0.0.1");

        Assert.Equal(HttpStatusCode.OK, await GetAsync(factory, AllowedClient));
    }

    [Fact]
    public async Task A_trusted_proxy_forwarding_a_client_outside_the_list_is_refused()
    {
        await using var factory = new BehindForwardedHeaders("127.0.0.0/8");

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(factory, "192.0.2.7"));
    }
}
