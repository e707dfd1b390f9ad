using System.Diagnostics;
using System.Globalization;
using WebOcperf.Perf.Catalog;
using WebOcperf.Running;

// Catalog build time and search/resolve latency on this machine's perf list plus one Intel event file.
// Usage: dotnet run -c Release --project bench/WebOcperf.Bench.Catalog -- <intel-event-file.json> [perf-path] [copies]
// "copies" adds renamed copies of every entry to reach a larger catalog (10,000+ entries for the search budget).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: WebOcperf.Bench.Catalog <intel-event-file.json> [perf-path] [copies]");
    return 2;
}
var intelFile = args[0];
var perfPath = args.Length > 1 ? args[1] : "perf";
var copies = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var stopwatch = Stopwatch.StartNew();
var perfOutput = await PerfList.RunAsync(new LocalRunTarget(perfPath, null, Directory.GetCurrentDirectory()), TimeSpan.FromSeconds(30), CancellationToken.None);
var perfListMs = stopwatch.Elapsed.TotalMilliseconds;
if (perfOutput.Text is null)
{
    Console.Error.WriteLine(perfOutput.Error);
    return 1;
}

EventCatalog Build()
{
    var perfList = PerfListParser.Parse(perfOutput.Text);
    var intel = IntelEventListLoader.Load(new IntelEventSources(intelFile, null, "/nonexistent-cache"), EmptyPmuTopology.Instance);
    return EventCatalogBuilder.Build(perfList, null, intel, EmptyPmuTopology.Instance);
}

Build();
var buildTimes = Enumerable.Range(0, 20).Select(_ => Measure(() => Build())).ToList();
var catalog = Build();

var enlargedEntries = catalog.Entries.Concat(Enumerable.Range(1, copies).SelectMany(copy =>
    catalog.Entries.Select(e => e with { Name = $"{e.Name}_copy{copy}" }))).ToList();
var enlarged = new EventCatalog(enlargedEntries, catalog.SyntaxHelp, null, catalog.CpuString, catalog.Sources, []);

string[] queries =
[
    "", "cache", "l3 miss", "sched", "mem_load", "task-clock", "branch", "x", "uops issued stall", "offcore",
    "tlb", "kmem:", "unc_", "page-faults", "retired", "cycles", "frontend", "dsb", "lock", "zzz-no-match",
];
string[] resolves =
[
    "mem_load_retired.l3_miss", "inst_retired.prec_dist:u", "l1d.replacement:c2:i1:e1", "task-clock", "sched:sched_switch",
    "offcore_response.demand_data_rd.any_response", "r1a8", "cpu/event=0x3c/", "mem_load_retired.l3_miss_ps", "{cycles,instructions}:S",
];

Console.WriteLine($"perf list (run):        {perfListMs,8:F1} ms, {PerfListParser.Parse(perfOutput.Text).Entries.Count} perf entries");
Console.WriteLine($"Intel file:             {intelFile} ({new FileInfo(intelFile).Length / 1024} KiB)");
Console.WriteLine($"catalog build (parse perf list + read Intel file + build index), {buildTimes.Count} runs: " +
                  $"p50 {Percentile(buildTimes, 50):F1} ms, p95 {Percentile(buildTimes, 95):F1} ms");
Report("search", catalog, q => catalog.Search(q, 50), queries);
Report($"search x{copies + 1}", enlarged, q => enlarged.Search(q, 50), queries);
Report("resolve", catalog, r => catalog.TryResolve(r, true, out _, out _), resolves);
return 0;

static double Measure(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

static double Percentile(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

static void Report<T>(string label, EventCatalog catalog, Func<string, T> operation, string[] inputs)
{
    foreach (var input in inputs)
    {
        operation(input);
    }
    var times = new List<double>();
    var worst = (Input: "", Ms: 0.0);
    for (var round = 0; round < 50; round++)
    {
        foreach (var input in inputs)
        {
            var ms = Measure(() => operation(input));
            times.Add(ms);
            if (ms > worst.Ms)
            {
                worst = (input, ms);
            }
        }
    }
    Console.WriteLine($"{label,-14} over {catalog.Entries.Count,6} entries, {times.Count} calls: p50 {Percentile(times, 50):F3} ms, " +
                      $"p95 {Percentile(times, 95):F3} ms, max {worst.Ms:F3} ms ('{worst.Input}')");
}
