using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Tests.Hosts;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Compare;

/// <summary>
/// The same benchmark on this machine and on a host (a real sshd on loopback), side by side: the compare page and API
/// name each run's host and announce that the machines differ before any number.
/// </summary>
public sealed class HostCompareTests(RemoteHostFixture fixture) : IClassFixture<RemoteHostFixture>
{
    private readonly ApiClient api = new(fixture.App.CreateClient());

    [Fact]
    public async Task Runs_of_two_hosts_are_compared_side_by_side_with_the_host_announced_first()
    {
        var session = await api.CreateSessionAsync("compare hosts");
        var events = new[] { "task-clock", "page-faults" };
        // not ApiClient.BusyLoop: other tests look for its text among the host user's processes
        const string workload = "timeout 0.3 sh -c 'while :; do :; done'; true";
        var local = await api.SubmitAsync(session.Id, new { workload, events });
        var remote = await api.SubmitAsync(session.Id, new { workload, events, host = "loopback" });
        Assert.Equal(BenchmarkStatus.Succeeded, (await api.WaitUntilFinishedAsync(local.Id, TimeSpan.FromSeconds(90))).Status);
        Assert.Equal(BenchmarkStatus.Succeeded, (await api.WaitUntilFinishedAsync(remote.Id, TimeSpan.FromSeconds(90))).Status);

        var compare = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/compare?base={local.Id}&with={remote.Id}");
        var page = await api.Http.GetStringAsync($"/compare?base={local.Id}&with={remote.Id}");

        Assert.Equal("local", compare.GetProperty("base").GetProperty("host").GetString());
        var other = compare.GetProperty("runs")[0];
        Assert.Equal("loopback", other.GetProperty("host").GetString());
        Assert.Equal("host", other.GetProperty("machineDifferences")[0].GetString());
        // the numbers are still compared: both sides counted task-clock
        Assert.Contains(compare.GetProperty("events").EnumerateArray(), row => row.GetProperty("event").GetString() == "task-clock");

        Assert.Contains("id=\"machine-differences\"", page);
        var banner = page[page.IndexOf("id=\"machine-differences\"", StringComparison.Ordinal)..];
        Assert.StartsWith("id=\"machine-differences\"", banner);
        Assert.Contains("host", banner[..banner.IndexOf("</div>", StringComparison.Ordinal)]);
        Assert.Contains("<th scope=\"row\">Host</th>", page);
        Assert.Contains("data-host=\"local\">local (this machine)</td>", page);
        Assert.Contains("class=\"differs\" data-host=\"loopback\">loopback (over ssh)</td>", page);
    }
}
