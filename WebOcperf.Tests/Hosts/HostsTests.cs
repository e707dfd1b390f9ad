using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WebOcperf.Tests.Hosts;

public sealed class HostsTests(RemoteHostFixture fixture) : IClassFixture<RemoteHostFixture>
{
    private readonly HttpClient http = fixture.App.CreateClient();

    private async Task<Dictionary<string, JsonElement>> HostsAsync(bool fresh = false)
    {
        var hosts = await http.GetFromJsonAsync<JsonElement>($"/api/v1/hosts{(fresh ? "?fresh=true" : "")}");
        return hosts.EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task The_api_lists_this_machine_first_and_then_every_configured_host_in_order()
    {
        var hosts = await http.GetFromJsonAsync<JsonElement>("/api/v1/hosts");

        Assert.Equal(["local", "loopback", "impostor", "stranger", "closed"],
            hosts.EnumerateArray().Select(h => h.GetProperty("name").GetString()));
        Assert.True(hosts[0].GetProperty("isLocal").GetBoolean());
    }

    [Fact]
    public async Task A_reachable_host_reports_perf_kernel_cpu_pmu_and_what_its_limits_mean()
    {
        var loopback = (await HostsAsync())["loopback"];

        Assert.True(loopback.GetProperty("canRun").GetBoolean(), loopback.ToString());
        Assert.StartsWith("perf version ", loopback.GetProperty("perfVersion").GetString());
        Assert.False(string.IsNullOrEmpty(loopback.GetProperty("kernel").GetString()));
        Assert.False(string.IsNullOrEmpty(loopback.GetProperty("cpu").GetString()));
        Assert.Equal(fixture.Ssh.User, loopback.GetProperty("user").GetString());
        var paranoid = int.Parse(await File.ReadAllTextAsync("/proc/sys/kernel/perf_event_paranoid"));
        Assert.Equal(paranoid, loopback.GetProperty("perfEventParanoid").GetInt32());
        var warnings = loopback.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        // the machine decides what is said, not the test's hopes
        var hasPmu = Directory.Exists("/sys/bus/event_source/devices/cpu") || Directory.Exists("/sys/bus/event_source/devices/cpu_core");
        Assert.Equal(hasPmu, loopback.GetProperty("hardwarePmu").GetBoolean());
        Assert.Equal(!hasPmu, warnings.Any(w => w.StartsWith("no hardware PMU", StringComparison.Ordinal)));
        if (fixture.Ssh.User != "root" && paranoid >= 2)
        {
            Assert.Contains(warnings, w => w.Contains($"perf_event_paranoid is {paranoid}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_closed_port_is_reported_as_refused_naming_the_host()
    {
        var closed = (await HostsAsync())["closed"];

        Assert.False(closed.GetProperty("reachable").GetBoolean());
        Assert.False(closed.GetProperty("canRun").GetBoolean());
        Assert.Contains("closed", closed.GetProperty("problem").GetString());
        Assert.Contains("refused the connection", closed.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_with_how_to_check_and_fix_it()
    {
        var problem = (await HostsAsync())["impostor"].GetProperty("problem").GetString();

        Assert.Contains("host key of impostor", problem);
        Assert.Contains("CHANGED", problem);
        Assert.Contains("ssh-keygen -R", problem);
    }

    [Fact]
    public async Task An_unknown_host_key_is_refused_with_how_to_accept_it()
    {
        var problem = (await HostsAsync())["stranger"].GetProperty("problem").GetString();

        Assert.Contains("host key of stranger", problem);
        Assert.Contains("is not known", problem);
        Assert.Contains("ssh-keyscan -p", problem);
    }

    [Fact]
    public async Task The_hosts_page_shows_each_host_with_its_state_and_problems()
    {
        var html = await http.GetStringAsync("/hosts");

        Assert.Contains("data-host=\"loopback\"", html);
        Assert.Contains("ready", html);
        Assert.Contains("unreachable", html);
        Assert.Contains("refused the connection", html);
    }

    [Fact]
    public async Task A_fresh_check_checks_again()
    {
        var first = (await HostsAsync())["loopback"].GetProperty("checkedAt").GetDateTime();

        var again = (await HostsAsync(fresh: true))["loopback"].GetProperty("checkedAt").GetDateTime();

        Assert.True(again > first);
    }
}
