using System.Net;
using WebOcperf.Security;

namespace WebOcperf.Tests.Security;

public sealed class ClientAllowlistTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("::2", false)]
    public void The_default_allows_loopback_only(string client, bool allowed)
    {
        var allowlist = new ClientAllowlist(["127.0.0.1", "::1"]);

        Assert.Equal(allowed, allowlist.Allows(IPAddress.Parse(client)));
    }

    [Theory]
    [InlineData("192.168.1.77", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("192.168.2.1", false)]
    [InlineData("fd00::1234", true)]
    [InlineData("fd01::1", false)]
    public void Cidr_ranges_match_their_members(string client, bool allowed)
    {
        var allowlist = new ClientAllowlist(["192.168.1.0/24", "fd00::/16"]);

        Assert.Equal(allowed, allowlist.Allows(IPAddress.Parse(client)));
    }

    [Fact]
    public void A_malformed_entry_is_a_configuration_error()
    {
        var error = Assert.Throws<FormatException>(() => new ClientAllowlist(["localhost"]));
        Assert.Contains("localhost", error.Message);
    }
}
