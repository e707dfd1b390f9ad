using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using WebOcperf.Benchmarks;
using WebOcperf.Data;
using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Running;

/// <summary>perf record through the whole app: record, ingest with perf script, aggregate, download.</summary>
public sealed partial class RecordRunTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly ApiClient api = new(factory.CreateClient());

    [Fact]
    public async Task A_recording_with_call_graphs_is_ingested_and_every_sample_is_counted()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new
        {
            description = "busy sh loop",
            // arithmetic in one shell, no forks: every millisecond is on one task, so -F 999 samples it steadily
            workload = "i=0; while [ $i -lt 600000 ]; do i=$((i+1)); done",
            tool = "record",
            frequency = 999,
            callGraph = "fp",
        });

        var finished = await api.WaitUntilFinishedAsync(queued.Id);
        var script = await api.Http.GetStringAsync($"/api/v1/benchmark/{queued.Id}.script");
        var folded = await api.Http.GetStringAsync($"/api/v1/benchmark/{queued.Id}.folded");
        var functions = await api.Http.GetStringAsync($"/api/v1/benchmark/{queued.Id}.functions");

        Assert.Equal(BenchmarkStatus.Succeeded, finished.Status);
        var profile = finished.Profile!;
        ProfileEventDto sampled;
        if (ThisMachine.HasHardwarePmu)
        {
            // perf's own default, cycles, is left to perf (a hybrid CPU samples cpu_core/cycles/ and cpu_atom/cycles/)
            Assert.Contains("perf record -F 999 --call-graph fp", finished.CommandLine);
            Assert.Empty(finished.PerfEvents);
            Assert.All(profile.Events, e => Assert.Contains("cycles", e.Event));
            sampled = profile.Events.MaxBy(e => e.Samples)!;
        }
        else
        {
            // without a PMU perf would silently sample cpu-clock for cycles: the run says task-clock outright
            Assert.Contains("perf record -e task-clock -F 999 --call-graph fp", finished.CommandLine);
            Assert.Equal(["task-clock"], finished.PerfEvents);
            sampled = Assert.Single(profile.Events);
            Assert.StartsWith("task-clock", sampled.Event);
        }
        Assert.True(profile.Samples > 50, $"{profile.Samples} samples");
        Assert.Equal(SampleHeaderLine().Count(script), profile.Samples);
        Assert.Equal(0, profile.SkippedLines);
        Assert.NotEmpty(sampled.TopFunctions);
        Assert.Contains(sampled.Comms, c => c.Name == "sh");

        var foldedLines = folded.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(foldedLines);
        Assert.All(foldedLines, line => Assert.Matches(@"^[^;]+(;[^;]*)* \d+$", line));
        Assert.Equal(profile.Samples, foldedLines.Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..])));
        Assert.StartsWith("symbol,dso,self_samples,total_samples", functions);

        // the downloads of a time range selected on the page hold that range's samples, as the histogram counts them
        var histogram = await api.Http.GetFromJsonAsync<JsonElement>($"/benchmarks/{queued.Id}/profile/histogram.json");
        var start = histogram.GetProperty("startSeconds").GetDouble();
        var bucket = histogram.GetProperty("bucketSeconds").GetDouble();
        var buckets = histogram.GetProperty("samples").EnumerateArray().Select(b => b.GetInt64()).ToList();
        var half = buckets.Count / 2;
        var from = start;
        var to = start + half * bucket;
        var range = FormattableString.Invariant($"from={from:R}&to={to:R}");
        var rangeFolded = await api.Http.GetAsync($"/benchmarks/{queued.Id}/download/folded?{range}");
        var rangeSamples = (await rangeFolded.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..]));
        Assert.Equal(buckets.Take(half).Sum(), rangeSamples);
        Assert.InRange(rangeSamples, 1, profile.Samples - 1);
        var disposition = rangeFolded.Content.Headers.ContentDisposition!;
        Assert.Matches(@"-[\d.]+s-[\d.]+s\.folded$", disposition.FileNameStar ?? disposition.FileName);
    }

    [Fact]
    public async Task The_result_page_shows_the_profile_and_its_json_endpoints_answer()
    {
        var session = await api.CreateSessionAsync();
        var queued = await api.SubmitAsync(session.Id, new { workload = ApiClient.BusyLoop(0.5), tool = "record", callGraph = "fp" });
        await api.WaitUntilFinishedAsync(queued.Id);

        var page = await api.Http.GetStringAsync($"/benchmarks/{queued.Id}");
        var histogram = await api.Http.GetStringAsync($"/benchmarks/{queued.Id}/profile/histogram.json");
        var flame = await api.Http.GetStringAsync($"/benchmarks/{queued.Id}/profile/flame.json?from=0&to=0.25");
        var perfData = await api.Http.GetAsync($"/api/v1/benchmark/{queued.Id}.perfdata");

        Assert.Contains("id=\"functions-table\"", page);
        Assert.Contains("data-flame", page);
        Assert.Contains("\"samples\":[", histogram);
        Assert.StartsWith("{\"total\":", flame);
        // an event the recording does not have is named, not quietly replaced by the first
        foreach (var url in new[] { $"/benchmarks/{queued.Id}/profile/flame.json?event=-1", $"/benchmarks/{queued.Id}/profile/histogram.json?event=7",
                     $"/benchmarks/{queued.Id}?handler=functions&event=7" })
        {
            using var refused = await api.Http.GetAsync(url);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("event must be", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, perfData.StatusCode);
        Assert.Equal("PERFILE2", System.Text.Encoding.ASCII.GetString((await perfData.Content.ReadAsByteArrayAsync())[..8]));
    }

    [Theory]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"callGraph\":\"lbr\"}", "callGraph")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"frequency\":0}", "frequency")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"frequency\":99,\"period\":1000}", "frequency")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"period\":-1}", "period")]
    [InlineData("{\"workload\":\"true\",\"tool\":\"record\",\"interval\":100}", "interval")]
    public async Task Bad_record_options_are_400_naming_the_field(string body, string field)
    {
        var session = await api.CreateSessionAsync();

        var response = await api.Http.PostAsync($"/api/v1/session/{session.Id}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The first line of each sample in perf script's default output: "comm pid [cpu] time: period event:".</summary>
    [GeneratedRegex(@"^\S.*\s\d+(/\d+)?\s+(\[\d+\]\s+)?\d+\.\d+:\s", RegexOptions.Multiline)]
    private static partial Regex SampleHeaderLine();
}
