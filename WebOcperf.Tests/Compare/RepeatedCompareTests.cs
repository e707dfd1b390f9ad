using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Compare;

/// <summary>
/// Verdicts on real perf: two benchmarks of 5 repetitions each, compared through <c>/api/v1/compare</c>. The two
/// benchmarks of a test run side by side (two run slots), so that both meet the same load on the machine: run one after
/// the other, a build starting in between would make the second slower and look like a real difference.
/// </summary>
public sealed class RepeatedCompareTests(RepeatedCompareTests.TwoSlots factory) : IClassFixture<RepeatedCompareTests.TwoSlots>
{
    public sealed class TwoSlots : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WebOcperf:MaxConcurrentRuns"] = "2",
        };
    }

    private readonly HttpClient http = factory.CreateClient();

    /// <summary>A CPU-bound loop ended by the clock (timeout), whatever the machine's speed.</summary>
    private static string Loop(double seconds) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"timeout {seconds} sh -c 'while :; do :; done'; true");

    private async Task<(Guid Base, Guid Other)> RunSideBySideAsync(string baseWorkload, string otherWorkload)
    {
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync("repeated compare");
        var events = new[] { "task-clock" };
        // with intervals, so that the compare page also charts the runs' series
        var first = await api.SubmitAsync(session.Id, new { workload = baseWorkload, events, repeat = 5, interval = 100 });
        var second = await api.SubmitAsync(session.Id, new { workload = otherWorkload, events, repeat = 5, interval = 100 });
        foreach (var id in new[] { first.Id, second.Id })
        {
            var finished = await api.WaitUntilFinishedAsync(id, TimeSpan.FromMinutes(3));
            Assert.Equal("Succeeded", finished.Status.ToString());
        }
        return (first.Id, second.Id);
    }

    private static IEnumerable<(string Name, JsonElement Run)> TimeRows(JsonElement compare) =>
    [
        ("task-clock", compare.GetProperty("events").EnumerateArray().Single(r => r.GetProperty("event").GetString() == "task-clock").GetProperty("runs")[0]),
        ("wall time", compare.GetProperty("wallTime").GetProperty("runs")[0]),
    ];

    [Fact]
    public async Task A_loop_of_1_2_s_against_one_of_0_2_s_increases_task_clock_and_wall_time_with_p_below_0_05()
    {
        // Why 0.2 s against 1.2 s (the issue suggests 0.4 s): on this 2-core machine with load average 22 (four
        // builds beside it), the same 0.2 s loop under perf stat took 0.48 to 1.29 s of wall time and 26 to 91 ms of
        // task-clock (perf's start-up and the loop's share of a busy CPU vary that much). 5 repetitions a side need a
        // difference well beyond that spread for Welch's p, Holm-adjusted over the two rows, to stay below 0.05 on such
        // a machine; one extra second of loop is (t ≈ 4 for the wall time even at the spread measured).
        var (shortLoop, longLoop) = await RunSideBySideAsync(Loop(0.2), Loop(1.2));

        var compare = await http.GetFromJsonAsync<JsonElement>($"/api/v1/compare?base={shortLoop}&with={longLoop}");

        foreach (var (name, run) in TimeRows(compare))
        {
            Assert.True(run.GetProperty("n").GetInt32() == 5, $"{name}: {run}");
            Assert.True(run.GetProperty("verdict").GetString() == "Increased", $"{name}: {run}");
            Assert.True(run.GetProperty("pValue").GetDouble() < 0.05, $"{name}: {run}");
            Assert.True(run.GetProperty("pAdjusted").GetDouble() < 0.05, $"{name}: {run}");
            Assert.True(run.GetProperty("pAdjusted").GetDouble() >= run.GetProperty("pValue").GetDouble(), $"{name}: {run}");
            // the whole confidence interval of the difference lies above zero
            Assert.True(run.GetProperty("ciLow").GetDouble() > 0, $"{name}: {run}");
        }
        Assert.Equal(5, compare.GetProperty("wallTime").GetProperty("base").GetProperty("n").GetInt32());

        // the page's chart of the runs' series shows each run's repetition of median wall time, and says which
        var page = System.Net.WebUtility.HtmlDecode(await http.GetStringAsync($"/compare?base={shortLoop}&with={longLoop}"));
        Assert.Contains("a repeated run shows its repetition of median wall time", page);
        foreach (var id in new[] { shortLoop, longLoop })
        {
            var repetitions = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/benchmark/{id}.json")).GetProperty("repetitions")
                .EnumerateArray().Where(r => !r.GetProperty("warmup").GetBoolean())
                .Select(r => (Index: r.GetProperty("index").GetInt32(), Seconds: r.GetProperty("wallSeconds").GetDouble()))
                .OrderBy(r => r.Seconds).ThenBy(r => r.Index).ToList();
            var median = repetitions[(repetitions.Count - 1) / 2].Index;
            Assert.Contains($"/benchmarks/{id}/series?repetition={median}", page);
        }
    }

    [Fact]
    public async Task Identical_runs_side_by_side_show_no_significant_change()
    {
        var (first, second) = await RunSideBySideAsync(Loop(0.5), Loop(0.5));

        // The threshold says which differences matter. On a loaded machine perf's start-up alone moved the wall time of
        // one 0.5 s loop by tenths of a second (see above), and the loop's CPU share moves task-clock as much, so two
        // identical runs must not be called different by less than 50 %. Running them side by side keeps the machine's
        // load from favouring either.
        var compare = await http.GetFromJsonAsync<JsonElement>($"/api/v1/compare?base={first}&with={second}&threshold=50");

        foreach (var (name, run) in TimeRows(compare))
        {
            Assert.True(run.GetProperty("verdict").GetString() == "NoChange", $"{name}: {run}");
            Assert.True(Math.Abs(run.GetProperty("deltaPercent").GetDouble()) < 50, $"{name}: {run}");
        }
    }
}
