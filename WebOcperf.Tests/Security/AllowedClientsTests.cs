using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Security;

/// <summary>A real Kestrel server on loopback, configured to allow only another network: loopback gets 403.</summary>
public sealed class AllowedClientsTests
{
    private sealed class OtherNetworkOnly : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:AllowedClients:0"] = "10.11.12.0/24",
            ["WebOcperf:AllowedClients:1"] = "fd00::/8",
        };
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/sessions")]
    [InlineData("/lib/htmx/htmx.min.js")]
    public async Task A_client_outside_the_allowed_list_gets_403(string path)
    {
        await using var factory = new OtherNetworkOnly();
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        using var http = factory.CreateClient();

        var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("AllowedClients", await response.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Loopback_is_allowed_by_default()
    {
        await using var factory = new WebOcperfFactory();
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        using var http = factory.CreateClient();

        var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
