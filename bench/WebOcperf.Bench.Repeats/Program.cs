using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using WebOcperf.Bench.Shared;
using static WebOcperf.Bench.Shared.Stats;

// The gap between repetitions of a repeated benchmark (issue 10): from one repetition's perf exit to the next one's
// perf start, on the real server started as a child process. Target: median ≤ 20 ms. Baseline, measured in the same
// command: the time of one `perf stat -e task-clock true` started from this process, i.e. what a repetition itself
// costs at the least.
//
// The gap of repetition k → k+1 is taken from the API's own record of the run: startedAt(k+1) − (startedAt(k) +
// wallSeconds(k)). wallSeconds is timed around perf's process (start to exit, its files brought home); startedAt is
// stamped just before perf starts. So the gap holds everything the server does between two perf processes: judging and
// storing the ended repetition, starting the next one's row, its directory and its live feed.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.Repeats -- [--repeat 50] [--rounds 2] [--server path/to/WebOcperf.dll]
var repeat = Arguments.Int(args, "--repeat", 50);
var rounds = Arguments.Int(args, "--rounds", 2);
const string Workload = "true";

await using var server = await BenchServer.StartAsync(BenchServer.LocateServerDll(args), Arguments.All(args, "--server-env"));
using var client = new WebOcperfClient(server.BaseAddress);
var session = await client.CreateSessionAsync("bench: repetition gaps");
Console.WriteLine($"server pid {server.Pid}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; " +
                  $"{rounds} rounds of: repeat {repeat} of `{Workload}` without and with -I 100, then {repeat} × `perf stat true` from the bench");

var gaps = new Dictionary<string, List<double>> { ["without interval"] = [], ["-I 100"] = [] };
var baseline = new List<double>();
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, interval) in new[] { ("without interval", (int?)null), ("-I 100", 100) })
    {
        var id = await SubmitRepeatedAsync(session, interval);
        var finished = await WaitFinishedAsync(id);
        gaps[name].AddRange(GapsOf(finished));
    }
    for (var i = 0; i < repeat; i++)
    {
        baseline.Add(TimePerfStatTrue());
    }
}

var baselineMedian = Median(baseline);
Console.WriteLine($"baseline, one `perf stat -e task-clock true` from the bench: median {F(baselineMedian)} ms, p95 {F(Percentile(baseline, 95))} ms (n = {baseline.Count})");
var met = true;
foreach (var (name, values) in gaps)
{
    var median = Median(values);
    met &= median <= 20;
    Console.WriteLine($"gap between repetitions, {name}: median {F(median)} ms, p95 {F(Percentile(values, 95))} ms, max {F(values.Max())} ms " +
                      $"(n = {values.Count}); median ÷ baseline {F(median / baselineMedian)}; target median ≤ 20 ms: {(median <= 20 ? "met" : "NOT met")}");
}
return met ? 0 : 1;

async Task<Guid> SubmitRepeatedAsync(Guid sessionId, int? intervalMs)
{
    var body = new { description = "bench: repetition gaps", workload = Workload, events = new[] { "task-clock" }, interval = intervalMs, tool = "stat", repeat };
    using var response = await client.Http.PostAsJsonAsync($"api/v1/session/{sessionId}", body, WebOcperfClient.Json);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}

async Task<JsonElement> WaitFinishedAsync(Guid id)
{
    var limit = Stopwatch.StartNew();
    while (limit.Elapsed < TimeSpan.FromMinutes(10))
    {
        var info = await client.Http.GetFromJsonAsync<JsonElement>($"api/v1/benchmark/{id}.json");
        var status = info.GetProperty("status").GetString();
        if (status is not ("Queued" or "Running"))
        {
            return status == "Succeeded" ? info : throw new InvalidOperationException($"benchmark {id} ended {status}: {info.GetProperty("error")}");
        }
        await Task.Delay(250);
    }
    throw new TimeoutException($"benchmark {id} did not finish in 10 minutes");
}

static IEnumerable<double> GapsOf(JsonElement benchmark)
{
    var runs = benchmark.GetProperty("repetitions").EnumerateArray()
        .Select(r => (Start: r.GetProperty("startedAt").GetDateTime(), Wall: r.GetProperty("wallSeconds").GetDouble()))
        .OrderBy(r => r.Start)
        .ToList();
    for (var i = 1; i < runs.Count; i++)
    {
        var previousExit = runs[i - 1].Start.AddSeconds(runs[i - 1].Wall);
        yield return (runs[i].Start - previousExit).TotalMilliseconds;
    }
}

static double TimePerfStatTrue()
{
    var start = new ProcessStartInfo("perf") { RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var argument in new[] { "stat", "-x,", "-e", "task-clock", "true" })
    {
        start.ArgumentList.Add(argument);
    }
    var watch = Stopwatch.StartNew();
    using var perf = Process.Start(start)!;
    perf.StandardError.ReadToEnd();
    perf.WaitForExit();
    return watch.Elapsed.TotalMilliseconds;
}
