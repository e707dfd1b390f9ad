using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Hosts;
using WebOcperf.Tests.Infrastructure;
using WebOcperf.Tests.Perf.Catalog;

namespace WebOcperf.Tests.Events;

/// <summary>
/// A real sshd on loopback as three hosts: <c>loopback</c> (its own CPU), <c>skylake</c> (the same machine with
/// <c>EventMap</c> set to a Skylake client, as ocperf's EVENTMAP would) and <c>closed</c> (nothing listens). This
/// machine's catalog reads the AMD fixture cpuinfo, so it has no Intel list: an Intel core event is known only where
/// the host's catalog is asked.
/// </summary>
public sealed class HostEventCatalogFixture : SshAppFixture<HostEventCatalogFixture.Factory>
{
    protected override Factory CreateApp(SshServer ssh) => new(ssh);

    public sealed class Factory(SshServer ssh) : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings
        {
            get
            {
                var settings = ssh.HostSettings("loopback", 0);
                foreach (var (key, value) in ssh.HostSettings("skylake", 1))
                {
                    settings[key] = value;
                }
                settings["WebOcperf:Hosts:1:EventMap"] = "GenuineIntel-6-5E";
                settings["WebOcperf:Hosts:2:Name"] = "closed";
                settings["WebOcperf:Hosts:2:Destination"] = ssh.Destination;
                settings["WebOcperf:Hosts:2:Port"] = "9";
                settings["WebOcperf:Hosts:2:IdentityFile"] = ssh.IdentityFile;
                settings["WebOcperf:Hosts:2:KnownHostsFile"] = ssh.KnownHostsFile;
                settings["WebOcperf:EventCatalog:PerfmonDirectory"] = CatalogTestData.PerfmonDirectory;
                settings["WebOcperf:SshConnectTimeout"] = "00:00:05";
                return settings;
            }
        }
    }
}

public sealed class HostEventCatalogTests(HostEventCatalogFixture fixture) : IClassFixture<HostEventCatalogFixture>
{
    private const string IntelCoreEvent = "inst_retired.any";

    private readonly HttpClient http = fixture.App.CreateClient();

    private async Task<List<string>> EventNamesAsync(string query) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/v1/emap{query}")).EnumerateArray()
            .Select(e => e.GetProperty("sym").GetString()!).ToList();

    private async Task<JsonElement> InfoAsync(string query) =>
        await http.GetFromJsonAsync<JsonElement>($"/api/v1/emap/info{query}");

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task A_hosts_catalog_has_its_perf_list_and_the_intel_list_of_its_cpu()
    {
        var skylake = await InfoAsync("?host=skylake");
        var loopback = await InfoAsync("?host=loopback");
        var local = await InfoAsync("");

        Assert.Equal("GenuineIntel-6-5E", skylake.GetProperty("cpu").GetString());
        // loopback names the CPU of the machine sshd runs on, read there; this machine's catalog reads the fixture
        var realCpu = WebOcperf.Perf.Catalog.CpuIdentity.FromCpuInfo(await File.ReadAllTextAsync("/proc/cpuinfo"))?.CpuString;
        Assert.Equal(realCpu, loopback.GetProperty("cpu").GetString());
        Assert.NotEqual("GenuineIntel-6-5E", local.GetProperty("cpu").GetString());

        var onSkylake = await EventNamesAsync("?host=skylake");
        Assert.Contains(IntelCoreEvent, onSkylake);
        Assert.Contains("task-clock", onSkylake);
        Assert.DoesNotContain(IntelCoreEvent, await EventNamesAsync(""));
        Assert.Contains(skylake.GetProperty("sources").EnumerateArray(),
            s => s.GetProperty("location").GetString() == "perf list" && s.GetProperty("entryCount").GetInt32() > 0);
    }

    [Fact]
    public async Task The_event_check_of_a_run_uses_the_catalog_of_its_host()
    {
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync("events per host");

        var onLocal = await http.PostAsJsonAsync($"/api/v1/session/{session.Id}",
            new { workload = "true", events = new[] { IntelCoreEvent } });
        Assert.Equal(HttpStatusCode.BadRequest, onLocal.StatusCode);
        Assert.Contains($"unknown event '{IntelCoreEvent}'", await DetailAsync(onLocal));

        // the host's PMU layout is its own: a PMU it does not have is refused before anything runs
        var noSuchPmu = await http.PostAsJsonAsync($"/api/v1/session/{session.Id}",
            new { workload = "true", events = new[] { "nosuchpmu/event=0x1/" }, host = "loopback" });
        Assert.Equal(HttpStatusCode.BadRequest, noSuchPmu.StatusCode);
        Assert.Contains("no PMU 'nosuchpmu'", await DetailAsync(noSuchPmu));

        var onSkylake = await api.SubmitAsync(session.Id, new { workload = "true", events = new[] { IntelCoreEvent }, host = "skylake" });
        var finished = await api.WaitUntilFinishedAsync(onSkylake.Id, TimeSpan.FromSeconds(60));
        // ocperf's encoding of the Intel name is what perf was given; whether the host counts it is its PMU's business
        Assert.Contains("-e cpu/event=0xc0", finished.CommandLine);
        Assert.Equal("skylake", finished.Host);
        Assert.NotEqual(BenchmarkStatus.Queued, finished.Status);
    }

    [Fact]
    public async Task The_picker_and_the_catalog_page_list_the_chosen_hosts_events()
    {
        async Task<string> PickerAsync(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/events?handler=Search&q=inst_retired&Form.Host={host}");
            request.Headers.Add("HX-Request", "true");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains($"data-event=\"{IntelCoreEvent}\"", await PickerAsync("skylake"));
        Assert.DoesNotContain($"data-event=\"{IntelCoreEvent}\"", await PickerAsync("local"));

        var page = await http.GetStringAsync("/events?host=skylake&q=inst_retired");
        Assert.Contains("Event catalog of skylake", page);
        Assert.Contains("GenuineIntel-6-5E", page);
        Assert.Contains($"data-event=\"{IntelCoreEvent}\"", page);
    }

    [Fact]
    public async Task An_unknown_host_is_a_400_and_an_unreachable_one_a_503_naming_it()
    {
        using var unknown = await http.GetAsync("/api/v1/emap?host=nope");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'nope' is not a host here", await DetailAsync(unknown));

        using var unknownPage = await http.GetAsync("/events?host=nope");
        Assert.Equal(HttpStatusCode.BadRequest, unknownPage.StatusCode);
        Assert.Contains("&#x27;nope&#x27; is not a host here", await unknownPage.Content.ReadAsStringAsync());

        using var closed = await http.GetAsync("/api/v1/emap/info?host=closed");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        var problem = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed cannot be asked for its events now", problem.GetProperty("title").GetString());
        Assert.Contains("refused the connection", problem.GetProperty("detail").GetString());

        using var closedPage = await http.GetAsync("/events?host=closed");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closedPage.StatusCode);
        Assert.Contains("refused the connection", await closedPage.Content.ReadAsStringAsync());

        // and a run for it is refused at once, as the preflight would, with nothing stored
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync("unreachable host");
        using var run = await http.PostAsJsonAsync($"/api/v1/session/{session.Id}",
            new { workload = "true", events = new[] { "task-clock" }, host = "closed" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, run.StatusCode);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement[]>($"/api/v1/session/{session.Id}"))!);
    }
}
