using System.Net;
using WebOcperf.Security;

namespace WebOcperf.Tests.Security;

/// <summary>The URL printed at start-up with the token must be one a person can open.</summary>
public sealed class AccessTokenAnnouncerTests
{
    private static readonly IPAddress[] Machine =
        [IPAddress.Loopback, IPAddress.Parse("192.168.1.20"), IPAddress.IPv6Loopback, IPAddress.Parse("2001:db8::5")];

    [Theory]
    [InlineData("http://0.0.0.0:5000", new[] { "http://127.0.0.1:5000", "http://192.168.1.20:5000" })]
    [InlineData("http://+:5000", new[] { "http://127.0.0.1:5000", "http://192.168.1.20:5000" })]
    [InlineData("http://*:8080/", new[] { "http://127.0.0.1:8080", "http://192.168.1.20:8080" })]
    [InlineData("http://[::]:5000", new[] { "http://[::1]:5000", "http://192.168.1.20:5000", "http://[2001:db8::5]:5000" })]
    [InlineData("http://192.168.1.20:5000", new[] { "http://192.168.1.20:5000" })]
    [InlineData("http://127.0.0.1:5000", new[] { "http://127.0.0.1:5000" })]
    public void A_wildcard_address_is_printed_as_addresses_one_can_open(string listening, string[] expected) =>
        Assert.Equal(expected, AccessTokenAnnouncer.OpenableUrls([listening], Machine));
}
