using System.Diagnostics;
using System.Globalization;
using WebOcperf.Perf;
using WebOcperf.Perf.Record;

// Benchmarks for the perf record layer. Each step is a separate invocation so that the memory numbers of one are not
// inflated by another:
//   record <perf.data> [seconds]   multi-process busy workload at -F 4999 -g (writes perf.data)
//   script <perf.data> <text>      perf script text for the parse benchmark
//   parse <text> [repeats]         (a) parse + aggregate throughput from a file, MiB/s
//   ingest <perf.data> [repeats]   (b) perf script | parser vs perf script > /dev/null, and (c) peak memory
const string Perf = "/usr/bin/perf";

return args switch
{
    ["record", var perfData, .. var rest] => Record(perfData, rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 50),
    ["script", var perfData, var textFile] => WriteScript(perfData, textFile),
    ["parse", var textFile, .. var rest] => ParseFile(textFile, rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 5),
    ["ingest", var perfData, .. var rest] => await Ingest(perfData, rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 3),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: record <perf.data> [seconds] | script <perf.data> <text> | parse <text> [repeats] | ingest <perf.data> [repeats]");
    return 2;
}

static int Record(string perfData, int seconds)
{
    // Four busy processes on two cores: two shells (stripped dash: [unknown] frames) and two perl loops (symbols,
    // deeper stacks), so the stack table sees both shapes.
    var workload = string.Create(CultureInfo.InvariantCulture,
        $"for k in 1 2; do timeout {seconds} sh -c 'while :; do i=$((i+1)); done' & timeout {seconds} perl -e 'sub f {{ my $s = 0; $s += sqrt($_) for 1..1000; $s }} while (1) {{ f() }}' & done; wait");
    var arguments = PerfRecordCommand.Arguments(["task-clock"], SamplingRate.Frequency(4999), CallGraphMode.FramePointer,
        perfData, new WorkloadInvocation(workload, Path.Combine(Path.GetTempPath(), "webocperf-bench-status")));
    Console.WriteLine($"$ {Perf} {ShellQuoting.Join(arguments)}");
    return Run(arguments, stdoutPath: null);
}

static int WriteScript(string perfData, string textFile)
{
    var arguments = PerfScriptCommand.Arguments(perfData, hasCallChains: true);
    Console.WriteLine($"$ {Perf} {ShellQuoting.Join(arguments)} > {textFile}");
    return Run(arguments, textFile);
}

static int ParseFile(string textFile, int repeats)
{
    var bytes = new FileInfo(textFile).Length;
    var sampleLog = Path.Combine(Path.GetTempPath(), "webocperf-bench-parse.samples");
    var rates = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        RecordProfile profile;
        using (var input = new FileStream(textFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            profile = PerfScriptParser.Parse(input, sampleLog);
        }
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var rate = bytes / (1024.0 * 1024.0) / elapsed;
        rates.Add(rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parse #{i + 1}: {bytes / 1048576.0:F1} MiB in {elapsed:F3} s = {rate:F0} MiB/s; {profile.SampleCount} samples, {profile.StackCount} stacks, {profile.FrameCount} frames, {profile.SkippedLines} skipped lines"));
    }
    rates.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"(a) parse+aggregate throughput: median {rates[rates.Count / 2]:F0} MiB/s, best {rates[^1]:F0} MiB/s (target >= 200)"));
    File.Delete(sampleLog);
    return 0;
}

static async Task<int> Ingest(string perfData, int repeats)
{
    // The three measurements are interleaved and repeated because other work on the machine makes single runs noisy;
    // the minimum is the least disturbed run, the median the typical one.
    var arguments = PerfScriptCommand.Arguments(perfData, hasCallChains: true);
    var aloneTimes = new List<double>();
    var catTimes = new List<double>();
    var ingestTimes = new List<double>();
    long peakManaged = 0;
    RecordProfile? profile = null;
    for (var i = 0; i < repeats; i++)
    {
        var stopwatch = Stopwatch.StartNew();
        Run(arguments, "/dev/null");
        aloneTimes.Add(stopwatch.Elapsed.TotalSeconds);

        stopwatch.Restart();
        RunPipedToCat(arguments);
        catTimes.Add(stopwatch.Elapsed.TotalSeconds);

        using var sampler = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            try
            {
                while (await sampler.WaitForNextTickAsync(stop.Token))
                {
                    peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        stopwatch.Restart();
        using (var script = StartPerf(arguments, redirectStdout: true))
        {
            profile = await PerfScriptParser.ParseAsync(script.StandardOutput.BaseStream, RecordCacheFiles.SampleLogPathFor(perfData));
            await script.WaitForExitAsync();
        }
        profile.Save(RecordCacheFiles.ProfilePathFor(perfData));
        ingestTimes.Add(stopwatch.Elapsed.TotalSeconds);
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
        await stop.CancelAsync();
        await sampling;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run #{i + 1}: perf script > /dev/null {aloneTimes[^1]:F3} s; perf script | cat > /dev/null {catTimes[^1]:F3} s; perf script | parser + cache save {ingestTimes[^1]:F3} s"));
    }
    aloneTimes.Sort();
    catTimes.Sort();
    ingestTimes.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{profile!.SampleCount} samples, {profile.StackCount} stacks, {profile.FrameCount} frames, {profile.SkippedLines} skipped lines, sample log {new FileInfo(profile.SampleLogPath).Length / 1048576.0:F1} MiB, cache {new FileInfo(RecordCacheFiles.ProfilePathFor(perfData)).Length / 1024.0:F0} KiB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"(b) ingestion / perf script alone: min {ingestTimes[0]:F3} s / {aloneTimes[0]:F3} s = {ingestTimes[0] / aloneTimes[0]:F3}; median {ingestTimes[repeats / 2]:F3} s / {aloneTimes[repeats / 2]:F3} s = {ingestTimes[repeats / 2] / aloneTimes[repeats / 2]:F3} (target <= 1.1); for reference perf script | cat: min {catTimes[0] / aloneTimes[0]:F3}, median {catTimes[repeats / 2] / aloneTimes[repeats / 2]:F3}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"(c) peak managed heap {peakManaged / 1048576.0:F1} MB, peak process RSS (VmHWM) {PeakRssBytes() / 1048576.0:F1} MB (target <= 200)"));

    var selection = profile.Select(0);

    var stopwatchQueries = Stopwatch.StartNew();
    var top = selection.TopFunctions(limit: 5);
    var flame = selection.FlameGraph(minShare: 0.001);
    var json = flame.ToJson();
    var queries = stopwatchQueries.Elapsed.TotalMilliseconds;
    stopwatchQueries.Restart();
    var half = profile.Select(0, new TimeRange(profile.DurationSeconds / 4, profile.DurationSeconds * 3 / 4));
    var rangeTop = half.TopFunctions(limit: 5);
    var histogram = profile.Histogram(0, new TimeRange(1, 1.05));
    var rangeQueries = stopwatchQueries.Elapsed.TotalMilliseconds;
    stopwatchQueries.Restart();
    var reloaded = RecordProfile.Load(RecordCacheFiles.ProfilePathFor(perfData));
    var load = stopwatchQueries.Elapsed.TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"whole-recording top functions + flame graph ({json.Length / 1024} KiB JSON, {flame.TrimmedNodes} nodes trimmed = {flame.TrimmedShare:P2}): {queries:F0} ms; half-range selection + top functions + 50 ms histogram from the sample log: {rangeQueries:F0} ms ({half.Samples} samples, {histogram.Samples.Length} buckets); cache load {load:F0} ms ({reloaded.StackCount} stacks)"));
    foreach (var function in top)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  self {function.SelfShare,7:P2} total {function.TotalShare,7:P2}  {function.Symbol} ({function.Dso})"));
    }
    _ = rangeTop;
    return 0;
}

static long PeakRssBytes()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
    }
    return 0;
}

static Process StartPerf(IReadOnlyList<string> arguments, bool redirectStdout)
{
    var start = new ProcessStartInfo(Perf) { RedirectStandardOutput = redirectStdout };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    return Process.Start(start)!;
}

static void RunPipedToCat(IReadOnlyList<string> arguments)
{
    using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"{Perf} {ShellQuoting.Join(arguments)} | cat > /dev/null" } })!;
    process.WaitForExit();
}

static int Run(IReadOnlyList<string> arguments, string? stdoutPath)
{
    // The shell does the redirection so perf writes straight to the file, as `perf script > file` would.
    var command = $"exec {Perf} {ShellQuoting.Join(arguments)}" + (stdoutPath is null ? "" : $" > {ShellQuoting.Quote(stdoutPath)}");
    using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } })!;
    process.WaitForExit();
    return process.ExitCode;
}
