using System.Diagnostics;
using System.Globalization;
using WebOcperf.Bench.Shared;
using WebOcperf.Testing;
using static WebOcperf.Bench.Shared.Stats;

// Remote hosts (issue 12), on a real sshd on loopback (the tests' SshServer: own host key, own user key, own
// known_hosts; an unprivileged user when run as root), against this machine in the same server and command:
//  (a) sample latency: an interval's last line landing in perf's -o file (on the host: in its scratch directory, here a
//      local path since the host is loopback) -> its sample event at an SSE viewer of the server. Local and remote runs
//      alternate; the remote path adds `tail -F` on the host and the ssh connection.
//  (b) start overhead: from the bench's POST of a run to perf having created its -o file, on this machine and on the
//      host with its shared connection warm (a run just before), alternating.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.Remote -- [--rounds 3] [--window 20] [--start-reps 15]
//        [--server path/to/WebOcperf.dll] [--server-env NAME=VALUE]...
var rounds = Arguments.Int(args, "--rounds", 3);
var windowSeconds = Arguments.Int(args, "--window", 20);
var startReps = Arguments.Int(args, "--start-reps", 15);
const int IntervalMs = 100;
const string HostName = "loopback";
// software events only: an unprivileged remote user sees no tracepoints
string[] events = ["task-clock", "cpu-clock", "context-switches", "page-faults", "minor-faults", "major-faults", "cpu-migrations",
    "alignment-faults", "emulation-faults"];
var settle = TimeSpan.FromSeconds(3);

if (!OperatingSystem.IsLinux() || !SshServer.IsAvailable)
{
    Console.Error.WriteLine($"{SshServer.SshdPath} is missing: apt-get install openssh-server");
    return 2;
}
await using var ssh = await SshServer.StartAsync();
// the host's scratch directories, where its perf writes: a folder every user may write in, as /tmp is
var scratchRoot = Directory.CreateTempSubdirectory("webocperf-bench-remote-").FullName;
File.SetUnixFileMode(scratchRoot, (UnixFileMode)0b1_111_111_111);
var hostSettings = ssh.HostSettings(HostName);
hostSettings["WebOcperf:Hosts:0:ScratchDirectory"] = scratchRoot;
var serverEnvironment = hostSettings.Select(s => $"{s.Key.Replace(":", "__", StringComparison.Ordinal)}={s.Value}")
    .Concat(Arguments.All(args, "--server-env")).ToList();
await using var server = await BenchServer.StartAsync(BenchServer.LocateServerDll(args), serverEnvironment);
using var client = new WebOcperfClient(server.BaseAddress);
using var streamingHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
var sessionId = await client.CreateSessionAsync("bench: remote host");
Console.WriteLine($"server pid {server.Pid}, sshd pid {ssh.Pid} on port {ssh.Port} as {ssh.User}, {Environment.ProcessorCount} cores, " +
                  $"{events.Length} events at -I {IntervalMs}, window {windowSeconds} s, {rounds} rounds");

// warm-up of both paths (JIT, EF, the ssh connection and its control socket); not measured
await LatencyRunAsync(null, TimeSpan.FromSeconds(2));
await LatencyRunAsync(HostName, TimeSpan.FromSeconds(2));

var latency = new Dictionary<string, List<double>> { ["local"] = [], [HostName] = [] };
for (var round = 1; round <= rounds; round++)
{
    foreach (var host in round % 2 == 1 ? new[] { null, HostName } : [HostName, null])
    {
        var measured = await LatencyRunAsync(host, TimeSpan.FromSeconds(windowSeconds));
        latency[host ?? "local"].AddRange(measured);
    }
    Console.WriteLine($"round {round}: " + string.Join(", ", latency.Select(l => $"{l.Key} p95 so far {F(Percentile(l.Value, 95))} ms")));
}
Console.WriteLine();
Console.WriteLine("(a) latency, interval's last line in perf's file -> sample event at a viewer (from the bench's inotify wake-up):");
foreach (var (name, values) in latency)
{
    Console.WriteLine($"    {name,-9} {values.Count,5} samples: p50 {F(Percentile(values, 50))} ms, p95 {F(Percentile(values, 95))} ms, " +
                      $"p99 {F(Percentile(values, 99))} ms, max {F(values.DefaultIfEmpty(double.NaN).Max())} ms");
}
Console.WriteLine($"    p95 remote / p95 local: {F(Percentile(latency[HostName], 95) / Percentile(latency["local"], 95), 2)}  (target <= 2)");
Console.WriteLine();

var starts = new Dictionary<string, List<double>> { ["local"] = [], [HostName] = [] };
for (var rep = 0; rep < startReps; rep++)
{
    foreach (var host in rep % 2 == 0 ? new[] { null, HostName } : [HostName, null])
    {
        starts[host ?? "local"].Add(await StartOverheadAsync(host));
    }
}
Console.WriteLine($"(b) start overhead, POST of a run -> perf's -o file created, {startReps} alternating pairs, the connection warm:");
foreach (var (name, values) in starts)
{
    Console.WriteLine($"    {name,-9} median {F(Median(values))} ms, p95 {F(Percentile(values, 95))} ms, min {F(values.Min())} ms " +
                      $"(all: {string.Join(" ", values.Select(v => F(v, 0)))})");
}
Console.WriteLine($"    remote median {F(Median(starts[HostName]))} ms (target <= 100 ms); remote - local medians {F(Median(starts[HostName]) - Median(starts["local"]))} ms");
Directory.Delete(scratchRoot, recursive: true);
return 0;

// the directory perf writes in, once perf has created its file there: the run's own folder here, its scratch directory
// on the host (named run.<id>.<random>, made by the script that starts perf)
async Task<string> PerfDirectoryAsync(Guid id, string? host, CancellationToken cancellationToken)
{
    while (true)
    {
        var candidates = host is null
            ? [server.BenchmarkDirectory(id)]
            : Directory.EnumerateDirectories(scratchRoot, $"run.{id:N}.*").ToList();
        if (candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "perf-stat.csv"))) is { } directory)
        {
            return directory;
        }
        await Task.Delay(1, cancellationToken);
    }
}

// one `sleep` run covering the window, with one viewer attached from its submission; latencies inside the window
async Task<List<double>> LatencyRunAsync(string? host, TimeSpan window)
{
    var length = settle + window + TimeSpan.FromSeconds(2);
    var id = await client.SubmitAsync(sessionId, $"sleep {length.TotalSeconds.ToString(CultureInfo.InvariantCulture)}", events,
        IntervalMs, $"latency on {host ?? "local"}", host);
    using var limit = new CancellationTokenSource(length + TimeSpan.FromMinutes(1));
    var viewer = new SseViewer();
    var viewing = viewer.RunAsync(streamingHttp, id, limit.Token);

    using var watcher = new StatFileWatcher(await PerfDirectoryAsync(id, host, limit.Token), events.Length);
    await watcher.StartAsync(TimeSpan.FromSeconds(30));
    while (watcher.LandedCount == 0)
    {
        await Task.Delay(5, limit.Token);
    }
    await Task.Delay(settle);
    var windowStart = DateTime.UtcNow;
    await Task.Delay(window);
    var windowEnd = DateTime.UtcNow;
    await viewing;
    var info = await client.WaitFinishedAsync(id, TimeSpan.FromMinutes(1));
    if (info.Status != "Succeeded" || viewer.Failure is not null)
    {
        throw new InvalidOperationException($"run {id} on {host ?? "local"}: {info.Status} {viewer.Failure}");
    }
    var landings = watcher.Landings;
    return viewer.Samples
        .Where(s => landings.TryGetValue(StatFileWatcher.Key(s.Time), out var landing) && landing.SeenUtc >= windowStart && landing.SeenUtc <= windowEnd)
        .Select(s => (s.ArrivedUtc - landings[StatFileWatcher.Key(s.Time)].SeenUtc).TotalMilliseconds)
        .ToList();
}

// POST -> perf's output file exists (perf opens it before it starts the workload), in milliseconds
async Task<double> StartOverheadAsync(string? host)
{
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
    var watch = Stopwatch.StartNew();
    var id = await client.SubmitAsync(sessionId, "true", ["task-clock"], null, $"start on {host ?? "local"}", host);
    await PerfDirectoryAsync(id, host, limit.Token);
    var elapsed = watch.Elapsed.TotalMilliseconds;
    await client.WaitFinishedAsync(id, TimeSpan.FromMinutes(1));
    return elapsed;
}
