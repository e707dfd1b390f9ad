using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Compare;

/// <summary>Comparing real perf runs through <c>/api/v1/compare</c>, <c>compare.folded</c> and <c>compare.csv</c>.</summary>
public sealed class CompareApiTests(WebOcperfFactory factory) : IClassFixture<WebOcperfFactory>
{
    private readonly HttpClient http = factory.CreateClient();

    private static JsonElement RowOf(JsonElement compare, string eventName) =>
        compare.GetProperty("events").EnumerateArray().Single(row => row.GetProperty("event").GetString() == eventName);

    private async Task<Guid> RunAsync(ApiClient api, Guid session, object body)
    {
        var benchmark = await api.SubmitAsync(session, body);
        var finished = await api.WaitUntilFinishedAsync(benchmark.Id, TimeSpan.FromMinutes(2));
        Assert.Equal("Succeeded", finished.Status.ToString());
        return benchmark.Id;
    }

    [Fact]
    public async Task Single_busy_loops_of_clearly_different_lengths_give_deltas_without_a_verdict()
    {
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync("compare stat");
        var events = new[] { "task-clock", "page-faults" };
        var shortLoop = await RunAsync(api, session.Id, new { workload = ApiClient.BusyLoop(0.2), events });
        var longLoop = await RunAsync(api, session.Id, new { workload = ApiClient.BusyLoop(1.5), events });

        var compare = await http.GetFromJsonAsync<JsonElement>($"/api/v1/compare?base={shortLoop}&with={longLoop}");

        Assert.Equal(shortLoop, compare.GetProperty("base").GetProperty("id").GetGuid());
        Assert.Equal(longLoop, compare.GetProperty("runs")[0].GetProperty("id").GetGuid());
        foreach (var row in new[] { RowOf(compare, "task-clock"), compare.GetProperty("wallTime") })
        {
            var run = row.GetProperty("runs")[0];
            Assert.Equal(1, row.GetProperty("base").GetProperty("n").GetInt32());
            Assert.Equal(run.GetProperty("mean").GetDouble() - row.GetProperty("base").GetProperty("mean").GetDouble(),
                run.GetProperty("delta").GetDouble(), 9);
            // one value a side: deltas only, no test and no verdict
            Assert.Equal(JsonValueKind.Null, run.GetProperty("pValue").ValueKind);
            Assert.Equal("NoVerdict", run.GetProperty("verdict").GetString());
        }

        // the loop ends by the clock: the longer one takes longer whatever else the machine is doing (by more than
        // perf start-up varies when the rest of the suite runs beside it, which was 0.4 s on a loaded CI machine)
        Assert.True(compare.GetProperty("wallTime").GetProperty("runs")[0].GetProperty("deltaPercent").GetDouble() > 20, compare.GetProperty("wallTime").ToString());

        var csv = await http.GetStringAsync($"/api/v1/compare.csv?base={shortLoop}&with={longLoop}");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event,unit,run,base_n,base_mean", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("task-clock,msec,", StringComparison.Ordinal) && line.EndsWith(",NoVerdict", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("wall time,s,", StringComparison.Ordinal));

        // the threshold is checked even when no verdict uses it
        var response = await http.GetAsync($"/api/v1/compare?base={shortLoop}&with={longLoop}&threshold=2000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_recording_that_also_runs_gzip_shows_its_functions_as_new_and_the_differential_folded_adds_up()
    {
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync("compare record");
        var baseRun = await RunAsync(api, session.Id, new { tool = "record", callGraph = "fp", workload = ApiClient.BusyLoop(0.6) });
        var otherRun = await RunAsync(api, session.Id, new
        {
            tool = "record",
            callGraph = "fp",
            workload = ApiClient.BusyLoop(0.6) + " & timeout 0.6 sh -c 'head -c 100000000 /dev/urandom | gzip -1 > /dev/null'; wait",
        });

        var compare = await http.GetFromJsonAsync<JsonElement>($"/api/v1/compare?base={baseRun}&with={otherRun}");

        Assert.Equal("Record", compare.GetProperty("tool").GetString());
        var gzipFunctions = compare.GetProperty("functions").EnumerateArray()
            .Where(f => f.GetProperty("dso").GetString() == "gzip").ToList();
        Assert.NotEmpty(gzipFunctions);
        Assert.All(gzipFunctions, f => Assert.Equal("New", f.GetProperty("runs")[0].GetProperty("status").GetString()));
        Assert.All(gzipFunctions, f => Assert.Equal(0, f.GetProperty("base").GetProperty("self").GetInt64()));
        var gzipComm = compare.GetProperty("comms").EnumerateArray().Single(c => c.GetProperty("comm").GetString() == "gzip");
        Assert.Equal("New", gzipComm.GetProperty("runs")[0].GetProperty("status").GetString());
        Assert.True(gzipComm.GetProperty("runs")[0].GetProperty("deltaSelfShare").GetDouble() > 0);

        // compare.folded holds what difffolded.pl prints for the two .folded downloads
        var baseFolded = Parse(await http.GetStringAsync($"/api/v1/benchmark/{baseRun}.folded"));
        var otherFolded = Parse(await http.GetStringAsync($"/api/v1/benchmark/{otherRun}.folded"));
        var diff = (await http.GetStringAsync($"/api/v1/compare.folded?base={baseRun}&with={otherRun}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = baseFolded.Keys.Union(otherFolded.Keys)
            .Select(stack => $"{stack} {baseFolded.GetValueOrDefault(stack)} {otherFolded.GetValueOrDefault(stack)}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, diff);
        Assert.Contains(diff, line => line.StartsWith("gzip;", StringComparison.Ordinal) && line.Split(' ')[^2] == "0");
    }

    private static Dictionary<string, long> Parse(string folded) =>
        folded.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            line => line[..line.LastIndexOf(' ')],
            line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [Fact]
    public async Task Bad_comparisons_are_4xx_naming_the_parameter()
    {
        var api = new ApiClient(http);
        var session = await api.CreateSessionAsync("compare refusals");
        var stat = await RunAsync(api, session.Id, new { workload = "true", events = new[] { "task-clock" } });
        var record = await RunAsync(api, session.Id, new { tool = "record", workload = ApiClient.BusyLoop(0.1) });

        async Task AssertProblemAsync(string url, HttpStatusCode status, string field)
        {
            var response = await http.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url}: {problem}");
        }

        await AssertProblemAsync("/api/v1/compare", HttpStatusCode.BadRequest, "base");
        await AssertProblemAsync($"/api/v1/compare?base={stat}", HttpStatusCode.BadRequest, "with");
        await AssertProblemAsync($"/api/v1/compare?base=nope&with={stat}", HttpStatusCode.BadRequest, "base");
        await AssertProblemAsync($"/api/v1/compare?base={stat}&with={stat}", HttpStatusCode.BadRequest, "with");
        await AssertProblemAsync($"/api/v1/compare?base={stat}&with={record}", HttpStatusCode.BadRequest, "with");
        await AssertProblemAsync($"/api/v1/compare?base={stat}&with={Guid.NewGuid()}", HttpStatusCode.NotFound, "with");
        await AssertProblemAsync($"/api/v1/compare?base={stat}&with={record}&threshold=-1", HttpStatusCode.BadRequest, "threshold");
        await AssertProblemAsync($"/api/v1/compare?base={stat}&with={record}&threshold=abc", HttpStatusCode.BadRequest, "threshold");
        await AssertProblemAsync($"/api/v1/compare?base={record}&with={Guid.NewGuid()}&diff=2", HttpStatusCode.BadRequest, "diff");
        await AssertProblemAsync($"/api/v1/compare.folded?base={record}&with={Guid.NewGuid()}&baseFrom=1", HttpStatusCode.BadRequest, "baseTo");

        var page = await http.GetAsync($"/compare?base={stat}&with={record}");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("cannot be compared", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
