using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Hosts;

public sealed class HostConfigurationTests
{
    [Theory]
    [InlineData("Destination", "-oProxyCommand=touch /tmp/pwned", "must not start with '-'")]
    [InlineData("Destination", "alice@box extra", "must not start with '-' or hold spaces")]
    [InlineData("Destination", "", "Destination is empty")]
    [InlineData("Name", "-x", "Name '-x' must start with a letter or digit")]
    [InlineData("Name", "rig\n", "must start with a letter or digit")]
    [InlineData("Name", "local", "the local machine's name")]
    [InlineData("Port", "70000", "not a TCP port")]
    [InlineData("ScratchDirectory", "tmp/relative", "must be an absolute path")]
    public void A_host_that_could_become_an_ssh_option_or_is_unclear_stops_the_start_naming_the_key(string key, string value,
        string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WebOcperf:Hosts:0:Name"] = "box",
            ["WebOcperf:Hosts:0:Destination"] = "alice@box",
            [$"WebOcperf:Hosts:0:{key}"] = value,
        };
        using var factory = new ConfiguredFactory(settings);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains($"WebOcperf:Hosts:0:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Two_hosts_of_one_name_stop_the_start()
    {
        var problems = RemoteHostOptions.ProblemsOf([
            new RemoteHostOptions { Name = "box", Destination = "a@box" },
            new RemoteHostOptions { Name = "BOX", Destination = "b@box" },
        ]);

        Assert.Equal(["WebOcperf:Hosts: the name 'box' is used by 2 hosts"], problems);
    }

    private sealed class ConfiguredFactory(Dictionary<string, string?> settings) : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
