using System.Diagnostics;
using System.Globalization;
using WebOcperf.Bench.Shared;
using static WebOcperf.Bench.Shared.Stats;

// Live streaming costs (issue 3), measured on the real server started as a child process:
//  (a) server CPU per second while 20 events at -I 100 stream to N SSE subscribers, against the same run with 0
//      subscribers and against the idle server, alternated in rounds;
//  (b) latency from an interval's last line landing in perf's file to its sample event reaching a loopback viewer;
//  (c) wall time of a CPU-bound workload under WebOcperf with a live viewer / the same perf stat run from a shell;
//  (d) turnaround of a workload that does nothing (`true`): the run's startedAt..finishedAt against perf from a shell,
//      with and without -I: what the server adds to every run.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.Streaming -- [--rounds 3] [--window 30]
//        [--subscribers 5] [--wall-reps 9] [--workload-seconds 5] [--turnaround-reps 9] [--server path/to/WebOcperf.dll]
//        [--server-env NAME=VALUE]... (runtime settings for the server, for experiments)
var rounds = Arguments.Int(args, "--rounds", 3);
var windowSeconds = Arguments.Int(args, "--window", 30);
var subscribers = Arguments.Int(args, "--subscribers", 5);
var wallReps = Arguments.Int(args, "--wall-reps", 9);
var workloadSeconds = Arguments.Double(args, "--workload-seconds", 5);
var turnaroundReps = Arguments.Int(args, "--turnaround-reps", 9);
const int IntervalMs = 100;
// the run's first seconds (JIT of the first requests, the backlog sent to new subscribers) are left out of the window
var settle = TimeSpan.FromSeconds(3);
var events = WebOcperfClient.TwentyEvents;

var serverDll = BenchServer.LocateServerDll(args);
var serverEnvironment = Arguments.All(args, "--server-env");
await using var server = await BenchServer.StartAsync(serverDll, serverEnvironment);
using var client = new WebOcperfClient(server.BaseAddress);
using var streamingHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
var sessionId = await client.CreateSessionAsync("bench: live streaming");
Console.WriteLine($"server pid {server.Pid} at {server.BaseAddress}{(serverEnvironment.Count > 0 ? " with " + string.Join(" ", serverEnvironment) : "")}, {Environment.ProcessorCount} cores, " +
                  $"{events.Count} events at -I {IntervalMs}, window {windowSeconds} s, {rounds} rounds, {subscribers} subscribers");

// warm-up: JIT, EF, the SSE path; not measured
await StreamAsync(subscribers, TimeSpan.FromSeconds(4));

// (a) + (b): idle / 0 subscribers / N subscribers, order reversed every other round so that drift hits all alike
var cpu = new Dictionary<string, List<double>> { ["idle server"] = [], ["run, 0 subscribers"] = [], [$"run, {subscribers} subscribers"] = [] };
var latencies = new List<double>();
var latenciesFromMtime = new List<double>();
var incompleteViewers = 0;
var viewersChecked = 0;
for (var round = 1; round <= rounds; round++)
{
    var order = round % 2 == 1 ? new[] { 0, 1, 2 } : [2, 1, 0];
    foreach (var config in order)
    {
        switch (config)
        {
            case 0:
                await Task.Delay(settle);
                cpu["idle server"].Add(await MeasureCpuAsync(() => Task.Delay(TimeSpan.FromSeconds(windowSeconds))));
                break;
            case 1:
                cpu["run, 0 subscribers"].Add((await StreamAsync(0, TimeSpan.FromSeconds(windowSeconds))).CpuMsPerSecond);
                break;
            default:
                var run = await StreamAsync(subscribers, TimeSpan.FromSeconds(windowSeconds));
                cpu[$"run, {subscribers} subscribers"].Add(run.CpuMsPerSecond);
                latencies.AddRange(run.Latencies);
                latenciesFromMtime.AddRange(run.LatenciesFromMtime);
                incompleteViewers += run.IncompleteViewers;
                viewersChecked += subscribers;
                break;
        }
    }
    Console.WriteLine($"round {round}: " + string.Join(", ", cpu.Select(c => $"{c.Key} {F(c.Value[^1])} ms/s")));
}

var idle = Median(cpu["idle server"]);
var zero = Median(cpu["run, 0 subscribers"]);
var many = Median(cpu[$"run, {subscribers} subscribers"]);
Console.WriteLine();
Console.WriteLine("(a) server CPU (utime+stime from /proc/<pid>/stat, 10 ms ticks), median of rounds, ms per second:");
foreach (var (name, values) in cpu)
{
    Console.WriteLine($"    {name,-24} {F(Median(values)),7} ms/s   (rounds: {string.Join(" ", values.Select(v => F(v)))})");
}
Console.WriteLine($"    {subscribers} subscribers - 0 subscribers  {F(many - zero),7} ms/s   (streaming to viewers)");
Console.WriteLine($"    {subscribers} subscribers - idle           {F(many - idle),7} ms/s   (whole run incl. tailing perf's file)");
Console.WriteLine($"    0 subscribers - idle           {F(zero - idle),7} ms/s   (running and tailing, no viewer)");
Console.WriteLine($"    target: <= 5 ms/s for streaming to {subscribers} subscribers");
Console.WriteLine();
Console.WriteLine($"(b) latency, interval's last line in perf-stat.csv -> sample event at a loopback viewer, {latencies.Count} samples " +
                  $"({viewersChecked} viewers, {incompleteViewers} with a gap, duplicate or missing sample):");
Console.WriteLine($"    from the bench's inotify wake-up: p50 {F(Percentile(latencies, 50))} ms, p95 {F(Percentile(latencies, 95))} ms, " +
                  $"p99 {F(Percentile(latencies, 99))} ms, max {F(latencies.DefaultIfEmpty(double.NaN).Max())} ms");
Console.WriteLine($"    from the file's mtime:             p50 {F(Percentile(latenciesFromMtime, 50))} ms, p95 {F(Percentile(latenciesFromMtime, 95))} ms, " +
                  $"p99 {F(Percentile(latenciesFromMtime, 99))} ms, max {F(latenciesFromMtime.DefaultIfEmpty(double.NaN).Max())} ms");
Console.WriteLine("    target: p95 <= 20 ms");
Console.WriteLine();

// (c) the same CPU-bound workload under WebOcperf (one live viewer) and from a shell, alternating
var iterations = await CalibrateAwkAsync(workloadSeconds);
var workload = $"s=$(date +%s%N); awk 'BEGIN{{for(i=0;i<{iterations};i++)x+=i}}'; e=$(date +%s%N); echo wall_ns=$((e-s))";
var shellWall = new List<double>();
var webWall = new List<double>();
var shellPerfWall = new List<double>();
var webPerfWall = new List<double>();
var shellBusyCores = new List<double>();
var webBusyCores = new List<double>();
// --wall-reps 0 skips (c)
if (wallReps > 0)
{
    for (var rep = 0; rep < wallReps; rep++)
    {
        if (rep % 2 == 0)
        {
            await ShellRunAsync();
            await WebRunAsync();
        }
        else
        {
            await WebRunAsync();
            await ShellRunAsync();
        }
        Console.WriteLine($"wall rep {rep + 1}: shell {F(shellWall[^1], 3)} s (machine busy {F(shellBusyCores[^1])} cores), " +
                          $"WebOcperf {F(webWall[^1], 3)} s (machine busy {F(webBusyCores[^1])} cores)");
    }
    var pairRatios = webWall.Zip(shellWall, (w, s) => w / s).ToList();
    Console.WriteLine();
    Console.WriteLine($"(c) wall time of `awk` ({iterations} iterations) under perf stat -I {IntervalMs} -e <{events.Count} events>, {wallReps} alternating pairs:");
    Console.WriteLine($"    workload's own wall time: shell median {F(Median(shellWall), 3)} s, WebOcperf + 1 viewer median {F(Median(webWall), 3)} s");
    Console.WriteLine($"    ratio of medians {F(Median(webWall) / Median(shellWall), 4)}, median of pair ratios {F(Median(pairRatios), 4)} " +
                      $"(pairs: {string.Join(" ", pairRatios.Select(r => F(r, 4)))})");
    // pairs in which neither run shared the machine with other work: the awk core, plus a little perf and server
    const double QuietBusyCores = 1.3;
    var quietPairs = pairRatios.Where((_, i) => shellBusyCores[i] <= QuietBusyCores && webBusyCores[i] <= QuietBusyCores).ToList();
    Console.WriteLine($"    pairs with the machine otherwise quiet (both runs <= {F(QuietBusyCores, 1)} busy cores): {quietPairs.Count}, " +
                      $"median ratio {F(Median(quietPairs), 4)} (pairs: {string.Join(" ", quietPairs.Select(r => F(r, 4)))})");
    Console.WriteLine($"    least disturbed (minimum): shell {F(shellWall.Min(), 3)} s, WebOcperf {F(webWall.Min(), 3)} s, ratio {F(webWall.Min() / shellWall.Min(), 4)}");
    Console.WriteLine($"    machine busy during the runs (median, of {Environment.ProcessorCount} cores; 1.0 + perf + server is undisturbed): " +
                      $"shell {F(Median(shellBusyCores))}, WebOcperf {F(Median(webBusyCores))}");
    Console.WriteLine($"    perf process wall time: shell median {F(Median(shellPerfWall), 3)} s, WebOcperf (startedAt..finishedAt) median {F(Median(webPerfWall), 3)} s");
    Console.WriteLine("    target: <= 1.01");
}
Console.WriteLine();

// (d) what a run costs beyond perf's own time, for a workload that does nothing, alternating shell and WebOcperf
Console.WriteLine($"(d) turnaround of `true` under perf stat -e task-clock, {turnaroundReps} alternating pairs each " +
                  "(WebOcperf: the run's startedAt..finishedAt; shell: perf's process):");
foreach (var interval in (int?[])[null, IntervalMs])
{
    var shellTimes = new List<double>();
    var webTimes = new List<double>();
    for (var rep = 0; rep < turnaroundReps; rep++)
    {
        shellTimes.Add(await TimePerfFromShellAsync("true", ["task-clock"], interval));
        var id = await client.SubmitAsync(sessionId, "true", ["task-clock"], interval, "turnaround");
        var info = await client.WaitFinishedAsync(id, TimeSpan.FromMinutes(1));
        webTimes.Add((info.FinishedAt!.Value - info.StartedAt!.Value).TotalSeconds);
    }
    Console.WriteLine($"    {(interval is null ? "totals only" : $"-I {interval}"),-12} shell median {F(Median(shellTimes) * 1000, 1)} ms, " +
                      $"WebOcperf median {F(Median(webTimes) * 1000, 1)} ms (max {F(webTimes.Max() * 1000, 1)} ms), " +
                      $"difference {F((Median(webTimes) - Median(shellTimes)) * 1000, 1)} ms");
}
return 0;

async Task<double> TimePerfFromShellAsync(string command, IReadOnlyList<string> perfEvents, int? interval)
{
    var start = new ProcessStartInfo("perf") { UseShellExecute = false };
    start.ArgumentList.Add("stat");
    start.ArgumentList.Add("-x");
    start.ArgumentList.Add(",");
    if (interval is { } ms)
    {
        start.ArgumentList.Add("-I");
        start.ArgumentList.Add(ms.ToString(CultureInfo.InvariantCulture));
    }
    foreach (var argument in (string[])["-e", string.Join(",", perfEvents), "-o", Path.Combine(server.DataDirectory, "shell-turnaround.csv"),
                 "--", "/bin/sh", "-c", command])
    {
        start.ArgumentList.Add(argument);
    }
    var watch = Stopwatch.StartNew();
    using var perf = Process.Start(start)!;
    await perf.WaitForExitAsync();
    return watch.Elapsed.TotalSeconds;
}

async Task<double> MeasureCpuAsync(Func<Task> during)
{
    var before = ProcStat.CpuTime(server.Pid);
    var watch = Stopwatch.StartNew();
    await during();
    var used = ProcStat.CpuTime(server.Pid) - before;
    return used.TotalMilliseconds / watch.Elapsed.TotalSeconds;
}

// one run of `sleep` long enough to cover the window, with `viewers` SSE subscribers attached from its submission
async Task<StreamResult> StreamAsync(int viewers, TimeSpan window)
{
    var workloadLength = settle + window + TimeSpan.FromSeconds(2);
    var id = await client.SubmitAsync(sessionId, $"sleep {workloadLength.TotalSeconds.ToString(CultureInfo.InvariantCulture)}",
        events, IntervalMs, $"streaming, {viewers} subscribers");
    using var stopViewers = new CancellationTokenSource(workloadLength + TimeSpan.FromMinutes(1));
    var sseViewers = Enumerable.Range(0, viewers).Select(_ => new SseViewer()).ToList();
    var viewing = sseViewers.Select(v => v.RunAsync(streamingHttp, id, stopViewers.Token)).ToList();

    using var watcher = new StatFileWatcher(server.BenchmarkDirectory(id), events.Count);
    await watcher.StartAsync(TimeSpan.FromSeconds(30));
    while (watcher.LandedCount == 0)
    {
        await Task.Delay(5);
    }
    await Task.Delay(settle);
    var windowStart = DateTime.UtcNow;
    var cpuMsPerSecond = await MeasureCpuAsync(() => Task.Delay(window));
    var windowEnd = DateTime.UtcNow;

    await Task.WhenAll(viewing);
    var info = await client.WaitFinishedAsync(id, TimeSpan.FromMinutes(1));
    var total = info.Results?.Intervals.Count ?? 0;

    var landings = watcher.Landings;
    var fromSeen = new List<double>();
    var fromMtime = new List<double>();
    foreach (var sample in sseViewers.SelectMany(v => v.Samples))
    {
        if (landings.TryGetValue(StatFileWatcher.Key(sample.Time), out var landing) &&
            landing.SeenUtc >= windowStart && landing.SeenUtc <= windowEnd)
        {
            fromSeen.Add((sample.ArrivedUtc - landing.SeenUtc).TotalMilliseconds);
            fromMtime.Add((sample.ArrivedUtc - landing.MtimeUtc).TotalMilliseconds);
        }
    }
    var incomplete = sseViewers.Count(v => !v.HasExactly(total) || v.Failure is not null);
    if (info.Status != "Succeeded" || incomplete > 0)
    {
        Console.WriteLine($"    run {id}: {info.Status}, {total} intervals, viewers' sample counts " +
                          string.Join(" ", sseViewers.Select(v => v.Samples.Count)) + " " +
                          string.Join(" ", sseViewers.Select(v => v.Failure).OfType<string>()));
    }
    return new StreamResult(cpuMsPerSecond, fromSeen, fromMtime, incomplete);
}

// iterations of the awk loop that take about `seconds` on this machine, outside perf
static async Task<long> CalibrateAwkAsync(double seconds)
{
    const long Probe = 20_000_000;
    var fastest = double.MaxValue;
    // the least disturbed of three probes: other processes on the machine only ever make a probe slower
    for (var probe = 0; probe < 3; probe++)
    {
        var watch = Stopwatch.StartNew();
        using (var awk = Process.Start("awk", [$"BEGIN{{for(i=0;i<{Probe};i++)x+=i}}"]))
        {
            await awk.WaitForExitAsync();
        }
        fastest = Math.Min(fastest, watch.Elapsed.TotalSeconds);
    }
    return (long)(Probe * seconds / fastest);
}

async Task ShellRunAsync()
{
    var output = Path.Combine(server.DataDirectory, "shell-perf-stat.csv");
    var start = new ProcessStartInfo("perf") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var argument in (string[])["stat", "-x", ",", "-I", IntervalMs.ToString(CultureInfo.InvariantCulture),
                 "-e", string.Join(",", events), "-o", output, "--", "/bin/sh", "-c", workload])
    {
        start.ArgumentList.Add(argument);
    }
    var machine = MachineCpu.Now();
    var watch = Stopwatch.StartNew();
    using var perf = Process.Start(start)!;
    var stdout = await perf.StandardOutput.ReadToEndAsync();
    await perf.WaitForExitAsync();
    shellPerfWall.Add(watch.Elapsed.TotalSeconds);
    shellBusyCores.Add(MachineCpu.Now().BusyCoresSince(machine));
    shellWall.Add(WallSeconds(stdout));
}

async Task WebRunAsync()
{
    var machine = MachineCpu.Now();
    var id = await client.SubmitAsync(sessionId, workload, events, IntervalMs, "wall time, 1 viewer");
    var viewer = new SseViewer();
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    await viewer.RunAsync(streamingHttp, id, limit.Token);
    webBusyCores.Add(MachineCpu.Now().BusyCoresSince(machine));
    var info = await client.WaitFinishedAsync(id, TimeSpan.FromMinutes(1));
    webPerfWall.Add((info.FinishedAt!.Value - info.StartedAt!.Value).TotalSeconds);
    webWall.Add(WallSeconds(await client.GetWorkloadLogAsync(id)));
}

static double WallSeconds(string output)
{
    var line = output.Split('\n').Single(l => l.StartsWith("wall_ns=", StringComparison.Ordinal));
    return long.Parse(line["wall_ns=".Length..].Trim(), CultureInfo.InvariantCulture) / 1e9;
}

internal sealed record StreamResult(double CpuMsPerSecond, List<double> Latencies, List<double> LatenciesFromMtime, int IncompleteViewers);
