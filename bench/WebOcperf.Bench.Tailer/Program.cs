using System.Diagnostics;
using System.Globalization;
using WebOcperf.Bench.Shared;
using WebOcperf.Perf.Stat;
using WebOcperf.Running;
using static WebOcperf.Bench.Shared.Stats;

// Where the server's CPU goes while a run streams with no viewer (issue 3): the product's StatFileTailer alone, in
// this process, following a live `perf stat -I 100` of 20 events into a BenchmarkFeed, against no tailer (perf only).
// Measures this process's CPU, allocations and GCs per window. (The lean tailer this bench first compared against is
// now the product's design, so only the product is measured.)
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.Tailer -- [--rounds 3] [--window 20]
var rounds = Arguments.Int(args, "--rounds", 3);
var windowSeconds = Arguments.Int(args, "--window", 20);
const int IntervalMs = 100;
string[] events =
[
    "task-clock", "cpu-clock", "context-switches", "page-faults", "minor-faults", "major-faults", "cpu-migrations",
    "alignment-faults", "emulation-faults", "sched:sched_switch", "sched:sched_wakeup", "sched:sched_process_fork",
    "sched:sched_process_exec", "sched:sched_process_exit", "raw_syscalls:sys_enter", "raw_syscalls:sys_exit",
    "irq:softirq_entry", "timer:hrtimer_start", "kmem:mm_page_alloc", "signal:signal_generate",
];
var directory = Directory.CreateTempSubdirectory("webocperf-tailer-").FullName;
var settle = TimeSpan.FromSeconds(2);
string[] configs = ["perf only, no tailer", "StatFileTailer (product)"];
var results = configs.ToDictionary(c => c, _ => new List<Window>());
Console.WriteLine($"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {Environment.ProcessorCount} cores, " +
                  $"{events.Length} events at -I {IntervalMs}, window {windowSeconds} s, {rounds} rounds");

await MeasureAsync(1, TimeSpan.FromSeconds(3)); // warm-up: JIT of the tailers and the parser
for (var round = 1; round <= rounds; round++)
{
    var order = round % 2 == 1 ? new[] { 0, 1, 2 } : [2, 1, 0];
    foreach (var config in order)
    {
        results[configs[config]].Add(await MeasureAsync(config, TimeSpan.FromSeconds(windowSeconds)));
    }
    Console.WriteLine($"round {round}: " + string.Join(", ", configs.Select(c => $"{c} {F(results[c][^1].CpuMsPerSecond)} ms/s")));
}
Console.WriteLine();
Console.WriteLine($"{"",-26} {"CPU ms/s",9} {"alloc KiB/s",12} {"gen0/s",7} {"gen1/s",7} {"gen2/s",7} {"samples/s",10}   (medians of {rounds} rounds)");
foreach (var config in configs)
{
    var w = results[config];
    Console.WriteLine($"{config,-26} {F(Median(w.Select(x => x.CpuMsPerSecond).ToList())),9} " +
                      $"{F(Median(w.Select(x => x.AllocatedKiBPerSecond).ToList()), 0),12} {F(Median(w.Select(x => x.Gen0PerSecond).ToList())),7} " +
                      $"{F(Median(w.Select(x => x.Gen1PerSecond).ToList())),7} {F(Median(w.Select(x => x.Gen2PerSecond).ToList())),7} " +
                      $"{F(Median(w.Select(x => x.SamplesPerSecond).ToList()), 1),10}");
}
Directory.Delete(directory, recursive: true);
return 0;

async Task<Window> MeasureAsync(int config, TimeSpan window)
{
    var csv = Path.Combine(directory, "perf-stat.csv");
    File.Delete(csv);
    var start = new ProcessStartInfo("perf") { UseShellExecute = false };
    foreach (var argument in (string[])["stat", "-x", ",", "-I", IntervalMs.ToString(CultureInfo.InvariantCulture),
                 "-e", string.Join(",", events), "-o", csv, "--", "sleep",
                 (settle + window + TimeSpan.FromSeconds(1)).TotalSeconds.ToString(CultureInfo.InvariantCulture)])
    {
        start.ArgumentList.Add(argument);
    }
    using var perf = Process.Start(start)!;

    // the same wiring as BenchmarkExecution's observer of PerfInvocationRunner: every sample goes into the run's feed
    var feed = new BenchmarkFeed(Guid.NewGuid());
    var seriesSize = 0;
    void OnSample(IntervalSample sample, IntervalAssembler assembler)
    {
        if (assembler.Events.Count != seriesSize)
        {
            seriesSize = assembler.Events.Count;
            feed.SetSeries(assembler.Events.ToList(), assembler.Units.ToList());
        }
        feed.AddSample(sample);
    }
    using var stop = new CancellationTokenSource();
    var following = config switch
    {
        1 => new StatFileTailer(csv, OnSample).FollowAsync(stop.Token),
        _ => Task.CompletedTask,
    };

    await Task.Delay(settle);
    var samplesBefore = feed.SampleCount;
    var cpuBefore = ProcStat.CpuTime(Environment.ProcessId);
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var gcBefore = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
    var watch = Stopwatch.StartNew();
    await Task.Delay(window);
    var seconds = watch.Elapsed.TotalSeconds;
    var cpu = ProcStat.CpuTime(Environment.ProcessId) - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
    var gcs = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
    var samples = feed.SampleCount - samplesBefore;

    await perf.WaitForExitAsync();
    await stop.CancelAsync();
    await following;
    return new Window(cpu.TotalMilliseconds / seconds, allocated / 1024.0 / seconds, (gcs[0] - gcBefore[0]) / seconds,
        (gcs[1] - gcBefore[1]) / seconds, (gcs[2] - gcBefore[2]) / seconds, samples / seconds);
}

internal sealed record Window(double CpuMsPerSecond, double AllocatedKiBPerSecond, double Gen0PerSecond,
    double Gen1PerSecond, double Gen2PerSecond, double SamplesPerSecond);
