using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Events;

/// <summary>
/// With EVENTMAP pointing at Intel's Skylake core list (as ocperf takes it), symbolic Intel names reach perf in raw
/// form; perf counts them on an Intel PMU and refuses them without a PMU, and its message must reach the user.
/// </summary>
public sealed class IntelEventRunTests(IntelEventRunTests.SkylakeFactory factory) : IClassFixture<IntelEventRunTests.SkylakeFactory>
{
    public sealed class SkylakeFactory : WebOcperfFactory
    {
        public static string SkylakeCore => Path.Combine(AppContext.BaseDirectory, "Perf", "Catalog", "TestData", "perfmon", "SKL", "events", "skylake_core.json");

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:EventCatalog:EventMap"] = SkylakeCore,
        };
    }

    private readonly ApiClient api = new(factory.CreateClient());

    [Fact]
    public async Task The_catalog_lists_intel_events_with_their_descriptions()
    {
        var emap = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/emap");

        // the original web_ocperf's shape: a list of {sym, desc}, so that its scripts keep working
        Assert.Equal(JsonValueKind.Array, emap.ValueKind);
        var l3Miss = emap.EnumerateArray().Single(e => e.GetProperty("sym").GetString() == "mem_load_retired.l3_miss");
        Assert.Contains("L3 cache", l3Miss.GetProperty("desc").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("IntelCore", l3Miss.GetProperty("kind").GetString());
        Assert.Contains(emap.EnumerateArray(), e => e.GetProperty("sym").GetString() == "task-clock");
    }

    [Fact]
    public async Task The_catalogs_sources_and_size_are_in_emap_info()
    {
        var emap = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/emap");
        var info = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/emap/info");

        Assert.Equal(emap.GetArrayLength(), info.GetProperty("eventCount").GetInt32());
        Assert.Contains(info.GetProperty("sources").EnumerateArray(),
            s => s.GetProperty("location").GetString()!.EndsWith("skylake_core.json", StringComparison.Ordinal)
                 && s.GetProperty("entryCount").GetInt32() > 0);
        Assert.True(info.TryGetProperty("cpu", out _), info.ToString());
        Assert.Equal(JsonValueKind.Array, info.GetProperty("problems").ValueKind);
    }

    [Fact]
    public async Task A_software_event_and_an_intel_name_become_perfs_raw_syntax_which_perf_counts_or_refuses_visibly()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new
        {
            workload = ApiClient.BusyLoop(0.2),
            events = new[] { "task-clock", "MEM_LOAD_RETIRED.L3_MISS:c2", "inst_retired.any" },
        });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);
        var page = await api.Http.GetStringAsync($"/benchmarks/{queued.Id}");

        Assert.Equal(["task-clock", "MEM_LOAD_RETIRED.L3_MISS:c2", "inst_retired.any"], finished.Events);
        Assert.Equal("task-clock", finished.PerfEvents[0]);
        Assert.Equal("cpu/event=0xd1,umask=0x20,cmask=2,name=mem_load_retired_l3_miss/", finished.PerfEvents[1]);
        Assert.Contains("-e task-clock,cpu/event=0xd1,umask=0x20,cmask=2,name=mem_load_retired_l3_miss/,", finished.CommandLine);
        Assert.Contains("perf was given", page);
        if (ThisMachine.CanCountIntelEncodings)
        {
            // an Intel core PMU: perf takes the encodings, and the counts come back under the names the user chose
            Assert.True(finished.Status == BenchmarkStatus.Succeeded, $"{finished.Status}: {finished.Error} ({ThisMachine.Description})");
            var instructions = finished.Results!.Events.Single(e => e.Event == "inst_retired.any");
            Assert.True(instructions.Supported && instructions.Total > 0, $"inst_retired.any = {instructions.Total}");
            Assert.Contains(finished.Results.Events, e => e.Event == "MEM_LOAD_RETIRED.L3_MISS:c2" && e.Supported);
        }
        else if (!ThisMachine.HasHardwarePmu)
        {
            // no PMU to program: perf refuses the raw events, and its message must reach the user
            Assert.Equal(BenchmarkStatus.Failed, finished.Status);
            Assert.False(string.IsNullOrWhiteSpace(finished.Error));
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(finished.Error!.Split('\n')[0]), page);
        }
        else if (finished.Status == BenchmarkStatus.Failed)
        {
            // another vendor's or a hybrid CPU's PMU: what perf makes of Intel's encodings is its own business, but a
            // refusal is shown, never lost
            Assert.False(string.IsNullOrWhiteSpace(finished.Error));
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(finished.Error!.Split('\n')[0]), page);
        }
    }
}
