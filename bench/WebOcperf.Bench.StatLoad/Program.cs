using System.Diagnostics;
using System.Globalization;
using System.Text;
using WebOcperf.Bench.Shared;
using WebOcperf.Perf.Stat;
using static WebOcperf.Bench.Shared.Stats;

// Opening a long perf stat run (issue 3, "a one-hour run at -I 100 with 20 events opens fast"): the product's loader
// (StatResultBuilder.FromFile, line by line) against the whole-text loader it replaced (ReadToEnd + ParseAll +
// StatResult.From), on a synthetic file in perf's -x, -I format. Each load runs in a fresh child process, alternating,
// so that its peak resident memory (VmHWM) is its own.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.StatLoad -- [--minutes 60] [--interval-ms 100] [--events 20] [--reps 5]
if (args.Length == 3 && args[0] == "--measure")
{
    return Measure(args[1], args[2]);
}

var minutes = Arguments.Double(args, "--minutes", 60);
var intervalMs = Arguments.Int(args, "--interval-ms", 100);
var eventCount = Arguments.Int(args, "--events", 20);
var reps = Arguments.Int(args, "--reps", 5);
var file = Path.Combine(Directory.CreateTempSubdirectory("webocperf-statload-").FullName, "perf-stat.csv");
var intervals = (int)(minutes * 60_000 / intervalMs);
WriteSyntheticRun(file, intervals, intervalMs, eventCount);
Console.WriteLine($"{intervals} intervals x {eventCount} events at -I {intervalMs} ({minutes} min): " +
                  $"{new FileInfo(file).Length / 1048576.0:F1} MiB; {reps} alternating pairs, each load in a fresh process");

string[] loaders = ["whole text (before)", "line by line (product)"];
var samples = loaders.ToDictionary(l => l, _ => new List<Sample>());
for (var rep = 0; rep < reps; rep++)
{
    foreach (var loader in rep % 2 == 0 ? loaders : loaders.Reverse())
    {
        samples[loader].Add(RunChild(loader == loaders[0] ? "whole" : "streaming", file));
    }
}
Console.WriteLine();
foreach (var (loader, list) in samples)
{
    Console.WriteLine($"{loader,-24} load median {F(Median(list.Select(s => s.Milliseconds).ToList()), 0)} ms, " +
                      $"peak RSS median {F(Median(list.Select(s => s.PeakRssMb).ToList()), 0)} MB, " +
                      $"allocated {F(Median(list.Select(s => s.AllocatedMb).ToList()), 0)} MB, intervals {list[0].Intervals}");
}
double Ratio(Func<Sample, double> of) =>
    Median(samples[loaders[1]].Select(of).ToList()) / Median(samples[loaders[0]].Select(of).ToList());
Console.WriteLine($"product / before: load time {F(Ratio(s => s.Milliseconds))}, peak RSS {F(Ratio(s => s.PeakRssMb))}, " +
                  $"allocated {F(Ratio(s => s.AllocatedMb))}");
File.Delete(file);
return 0;

static Sample RunChild(string mode, string file)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    foreach (var argument in (string[])["--measure", mode, file])
    {
        start.ArgumentList.Add(argument);
    }
    using var child = Process.Start(start)!;
    var output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    var fields = output.Trim().Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
    return new Sample(fields["ms"], fields["rss_mb"], fields["alloc_mb"], (int)fields["intervals"]);
}

static int Measure(string mode, string file)
{
    // the baseline RSS of a process that has loaded and JITted everything is what both loaders share: warm up on a
    // tiny file first, so that the peak below is the load's own growth on top of the same start
    var tiny = Path.Combine(Path.GetDirectoryName(file)!, $"tiny-{mode}.csv");
    WriteSyntheticRun(tiny, 20, 100, 2);
    Load(mode, tiny);
    File.Delete(tiny);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    var result = Load(mode, file);
    var elapsed = watch.Elapsed.TotalMilliseconds;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var peakKb = long.Parse(File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    Console.WriteLine(FormattableString.Invariant(
        $"ms={elapsed:F1} rss_mb={peakKb / 1024.0:F1} alloc_mb={allocated / 1048576.0:F1} intervals={result.Intervals.Count}"));
    return 0;
}

static StatResult Load(string mode, string file) => mode == "whole"
    ? StatResult.From(PerfStatCsvParser.ParseAll(File.ReadAllText(file), intervalMode: true), null)
    : StatResultBuilder.FromFile(file, intervalMode: true, null);

// perf stat -x, -I output as perf 6.1 writes it with -o: a header, then per interval one line per event
static void WriteSyntheticRun(string path, int intervals, int intervalMs, int events)
{
    var random = new Random(42);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.Write("# started on Wed Nov 25 10:00:00 2026\n\n");
    for (var i = 1; i <= intervals; i++)
    {
        var time = (i * intervalMs / 1000.0).ToString("F9", CultureInfo.InvariantCulture);
        for (var e = 0; e < events; e++)
        {
            var name = e == 0 ? "task-clock" : $"sched:event_{e}";
            var unit = e == 0 ? "msec" : "";
            var value = e == 0
                ? (random.NextDouble() * intervalMs).ToString("F2", CultureInfo.InvariantCulture)
                : random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture);
            writer.Write($"{time,18},{value},{unit},{name},{intervalMs * 1_000_000L},100.00,,\n");
        }
    }
}

internal sealed record Sample(double Milliseconds, double PeakRssMb, double AllocatedMb, int Intervals);
