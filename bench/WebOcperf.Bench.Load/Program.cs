using System.Diagnostics;
using System.Net;
using WebOcperf.Bench.Shared;
using static WebOcperf.Bench.Shared.Stats;

// Load (issue 6), on the real server started as a child process:
//  - 50 SSE viewers of one running benchmark (20 events, -I 100) while 20 more benchmarks are submitted at once (each
//    with a viewer of its own): every viewer must get every sample exactly once (indices 0..N-1, N = the stored
//    interval count), every run must finish, and the server's RSS must stay bounded (sampled every 200 ms);
//  - bursts of 200 concurrent page requests (GET /, /sessions/{id}, /benchmarks/{id}): all 200 OK, latency p50/p95,
//    against the same pages requested one at a time (baseline) and bursts on the idle server.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.Load -- [--rounds 2] [--viewers 50] [--queued 20]
//        [--concurrency 200] [--bursts 5] [--viewed-seconds 15] [--server path/to/WebOcperf.dll]
//        [--server-env NAME=VALUE]... (runtime settings for the server, for experiments)
var rounds = Arguments.Int(args, "--rounds", 2);
var viewerCount = Arguments.Int(args, "--viewers", 50);
var queuedCount = Arguments.Int(args, "--queued", 20);
var concurrency = Arguments.Int(args, "--concurrency", 200);
var bursts = Arguments.Int(args, "--bursts", 5);
var viewedSeconds = Arguments.Int(args, "--viewed-seconds", 15);
const int IntervalMs = 100;
var events = WebOcperfClient.TwentyEvents;

var serverDll = BenchServer.LocateServerDll(args);
var serverEnvironment = Arguments.All(args, "--server-env");
await using var server = await BenchServer.StartAsync(serverDll, serverEnvironment);
using var client = new WebOcperfClient(server.BaseAddress);
using var streamingHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
using var pageHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
var sessionId = await client.CreateSessionAsync("bench: load");
Console.WriteLine($"server pid {server.Pid} at {server.BaseAddress}{(serverEnvironment.Count > 0 ? " with " + string.Join(" ", serverEnvironment) : "")}, {Environment.ProcessorCount} cores; {rounds} rounds of " +
                  $"{viewerCount} viewers on a {viewedSeconds} s run + {queuedCount} runs submitted at once; page bursts of {concurrency}");

// RSS of the server every 200 ms for the whole benchmark
using var stopSampling = new CancellationTokenSource();
var rss = new List<(DateTime At, long Bytes)>();
var sampling = SampleRssAsync(stopSampling.Token);

// warm-up: JIT of the run, stream and page paths; not measured
var warmId = await client.SubmitAsync(sessionId, "sleep 1", events, IntervalMs, "warm-up");
await new SseViewer().RunAsync(streamingHttp, warmId, CancellationToken.None);
await PageRequestsAsync(warmId, 20, 1);

// baseline: the pages one at a time on the idle server
var sequential = await PageRequestsAsync(warmId, 1, 60);
var idleBursts = await PageRequestsAsync(warmId, concurrency, bursts);
await Task.Delay(2000);
var rssBefore = ProcStat.RssBytes(server.Pid);

var loadBursts = new PageResult([], [], 0, []);
var allViewersComplete = true;
var allRunsSucceeded = true;
var rssAfterRounds = new List<long>();
var rssPeakRounds = new List<long>();
for (var round = 1; round <= rounds; round++)
{
    var roundStart = DateTime.UtcNow;
    var viewedId = await client.SubmitAsync(sessionId, $"sleep {viewedSeconds}", events, IntervalMs, $"viewed by {viewerCount}");
    using var stopViewers = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    var viewers = Enumerable.Range(0, viewerCount).Select(_ => (Id: viewedId, Viewer: new SseViewer())).ToList();
    var viewing = viewers.Select(v => v.Viewer.RunAsync(streamingHttp, v.Id, stopViewers.Token)).ToList();

    // the queued runs are submitted together, each watched from the moment it is queued
    var queuedIds = await Task.WhenAll(Enumerable.Range(0, queuedCount).Select(i =>
        client.SubmitAsync(sessionId, "sleep 1", events, IntervalMs, $"queued {i + 1}")));
    var queuedViewers = queuedIds.Select(id => (Id: id, Viewer: new SseViewer())).ToList();
    viewing.AddRange(queuedViewers.Select(v => v.Viewer.RunAsync(streamingHttp, v.Id, stopViewers.Token)));

    // page bursts while the viewed run streams to its viewers and the queue waits
    await Task.Delay(2000);
    var burst = await PageRequestsAsync(viewedId, concurrency, bursts);
    loadBursts = loadBursts.Merge(burst);

    await Task.WhenAll(viewing);
    var complete = 0;
    var succeeded = 0;
    var totals = new Dictionary<Guid, int>();
    foreach (var id in queuedIds.Prepend(viewedId))
    {
        var info = await client.WaitFinishedAsync(id, TimeSpan.FromMinutes(2));
        totals[id] = info.Results?.Intervals.Count ?? 0;
        succeeded += info.Status == "Succeeded" ? 1 : 0;
        if (info.Status != "Succeeded")
        {
            Console.WriteLine($"    run {id}: {info.Status} {info.Error}");
        }
    }
    foreach (var (id, viewer) in viewers.Concat(queuedViewers))
    {
        if (viewer.HasExactly(totals[id]) && viewer.Failure is null && viewer.FinalStatus == "Succeeded")
        {
            complete++;
        }
        else
        {
            Console.WriteLine($"    viewer of {id}: {viewer.Samples.Count} samples of {totals[id]}, final {viewer.FinalStatus}, {viewer.Failure}");
        }
    }
    allViewersComplete &= complete == viewers.Count + queuedViewers.Count;
    allRunsSucceeded &= succeeded == queuedCount + 1;
    var roundWall = DateTime.UtcNow - roundStart;
    await Task.Delay(5000);
    rssAfterRounds.Add(ProcStat.RssBytes(server.Pid));
    lock (rss)
    {
        rssPeakRounds.Add(rss.Where(r => r.At >= roundStart).Max(r => r.Bytes));
    }
    Console.WriteLine($"round {round}: {succeeded}/{queuedCount + 1} runs succeeded in {F(roundWall.TotalSeconds, 1)} s; " +
                      $"{complete}/{viewers.Count + queuedViewers.Count} viewers got every sample exactly once " +
                      $"(viewed run: {totals[viewedId]} samples x {viewerCount} viewers; queued runs: " +
                      $"{string.Join(" ", queuedIds.Select(id => totals[id]))} samples); " +
                      $"RSS peak {MiB(rssPeakRounds[^1])} MiB, 5 s after {MiB(rssAfterRounds[^1])} MiB");
}

// finished feeds stay in memory for LiveFeeds.KeepAfterDone (30 s); after that the server should be back near idle
await Task.Delay(TimeSpan.FromSeconds(35));
var rssFinal = ProcStat.RssBytes(server.Pid);
await stopSampling.CancelAsync();
await sampling;

Console.WriteLine();
Console.WriteLine($"SSE: every viewer got every sample exactly once: {(allViewersComplete ? "yes" : "NO")}; every run succeeded: {(allRunsSucceeded ? "yes" : "NO")}");
Console.WriteLine($"server RSS: before {MiB(rssBefore)} MiB, peak per round {string.Join(" / ", rssPeakRounds.Select(MiB))} MiB, " +
                  $"5 s after each round {string.Join(" / ", rssAfterRounds.Select(MiB))} MiB, 35 s after the last {MiB(rssFinal)} MiB");
Console.WriteLine();
Console.WriteLine("pages (GET /, /sessions/{id}, /benchmarks/{id} in turn):");
Report("one at a time, idle server (baseline)", sequential, null);
Report($"{concurrency} concurrent x {bursts}, idle server", idleBursts, sequential);
Report($"{concurrency} concurrent x {bursts * rounds}, during the load", loadBursts, sequential);
return allViewersComplete && allRunsSucceeded && loadBursts.Errors == 0 && idleBursts.Errors == 0 ? 0 : 1;

void Report(string label, PageResult result, PageResult? baseline)
{
    var p50 = Percentile(result.Latencies, 50);
    var p95 = Percentile(result.Latencies, 95);
    var ratio = baseline is null ? "" :
        $"  (x{F(p50 / Percentile(baseline.Latencies, 50), 1)} / x{F(p95 / Percentile(baseline.Latencies, 95), 1)} the baseline)";
    var codes = string.Join(" ", result.Codes.OrderBy(c => c.Key).Select(c => $"{c.Key}:{c.Value}"));
    Console.WriteLine($"    {label,-44} {result.Latencies.Count,5} requests, status {codes}, errors {result.Errors}; " +
                      $"p50 {F(p50, 1)} ms, p95 {F(p95, 1)} ms, max {F(result.Latencies.Max(), 1)} ms{ratio}; " +
                      $"{F(result.Latencies.Count / result.Seconds, 0)} requests/s");
    string[] names = ["/", "/sessions/{id}", "/benchmarks/{id}"];
    for (var page = 0; page < names.Length; page++)
    {
        var latencies = result.Latencies.Where((_, i) => result.Pages[i] == page).ToList();
        Console.WriteLine($"        {names[page],-18} p50 {F(Percentile(latencies, 50), 1)} ms, p95 {F(Percentile(latencies, 95), 1)} ms");
    }
}

// `bursts` times: `count` requests started together, each page in turn; waits for the whole burst before the next
async Task<PageResult> PageRequestsAsync(Guid benchmarkId, int count, int repeat)
{
    string[] pages = ["/", $"/sessions/{sessionId}", $"/benchmarks/{benchmarkId}"];
    var result = new PageResult([], [], 0, []);
    for (var r = 0; r < repeat; r++)
    {
        var burstWatch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await pageHttp.GetAsync(pages[(r * count + i) % pages.Length]);
                await response.Content.ReadAsByteArrayAsync();
                return (Page: (r * count + i) % pages.Length, Code: (int)response.StatusCode, Ms: watch.Elapsed.TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (Page: (r * count + i) % pages.Length, Code: -1, Ms: watch.Elapsed.TotalMilliseconds);
            }
        }));
        foreach (var (page, code, ms) in outcomes)
        {
            result.Latencies.Add(ms);
            result.Pages.Add(page);
            result.Codes[code] = result.Codes.GetValueOrDefault(code) + 1;
        }
        result = result with
        {
            Errors = result.Errors + outcomes.Count(o => o.Code != (int)HttpStatusCode.OK),
            Seconds = result.Seconds + burstWatch.Elapsed.TotalSeconds,
        };
    }
    return result;
}

async Task SampleRssAsync(CancellationToken stop)
{
    while (!stop.IsCancellationRequested)
    {
        var bytes = ProcStat.RssBytes(server.Pid);
        lock (rss)
        {
            rss.Add((DateTime.UtcNow, bytes));
        }
        try
        {
            await Task.Delay(200, stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }
    }
}

/// <param name="Pages">Which page each latency is of (0 = /, 1 = the session, 2 = the benchmark).</param>
internal sealed record PageResult(List<double> Latencies, List<int> Pages, int Errors, Dictionary<int, int> Codes)
{
    /// <summary>Wall time of the bursts, first request started to last answer read.</summary>
    public double Seconds { get; init; }

    public PageResult Merge(PageResult other)
    {
        var codes = new Dictionary<int, int>(Codes);
        foreach (var (code, count) in other.Codes)
        {
            codes[code] = codes.GetValueOrDefault(code) + count;
        }
        return new PageResult([.. Latencies, .. other.Latencies], [.. Pages, .. other.Pages], Errors + other.Errors, codes)
        {
            Seconds = Seconds + other.Seconds,
        };
    }
}
