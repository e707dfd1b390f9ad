using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebOcperf.Infrastructure;
using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Benchmarks;
using WebOcperf.Running;

namespace WebOcperf.Benchmarks;

/// <summary>What a download needs, given by the endpoint's parameters.</summary>
public readonly record struct DownloadServices(WebOcperfDb Db, BenchmarkFiles Files, BenchmarkResults Results,
    BenchmarkQueue Queue, RunTargets Targets);

/// <summary>
/// The files a benchmark can be downloaded as. Files are found through the benchmark's id in the database, never
/// through a path taken from the request; names say which session and run they belong to.
/// </summary>
public static class BenchmarkDownloads
{
    /// <summary>Format name → what it is, for links and for the API's list of formats.</summary>
    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>
    {
        ["raw"] = "perf's own output (perf-stat.csv)",
        ["csv"] = "the parsed series as CSV",
        ["json"] = "the benchmark and its results as JSON",
        ["log"] = "the workload's stdout and stderr",
        ["stderr"] = "perf's messages",
        ["prepare"] = "the prepare command's output",
        ["perfdata"] = "perf record's perf.data (for perf report, perf script, hotspot)",
        ["archive"] = "perf archive's bundle of a host's recording: its binaries by build id (tar xf … -C ~/.debug, then perf report)",
        ["script"] = "perf script text (opens in Firefox Profiler and speedscope)",
        ["folded"] = "folded stacks (for flamegraph.pl, inferno, speedscope)",
        ["functions"] = "top functions as CSV",
    };

    public static void MapDownloads(this WebApplication app) =>
        app.MapGet("/benchmarks/{id}/download/{format}", (string id, string format, HttpContext context,
            [AsParameters] DownloadServices services) => DownloadAsync(id, format, context, services));

    public static async Task<IResult> DownloadAsync(string id, string format, HttpContext context, DownloadServices services)
    {
        if (!Formats.ContainsKey(format))
        {
            return BenchmarkLookup.NotFound($"Unknown format '{BenchmarkLookup.Shorten(format)}'; use one of: {string.Join(", ", Formats.Keys)}.");
        }
        var (benchmark, repetition, problem) = await BenchmarkLookup.FindWithRepetitionAsync(services.Db, id, context.Request,
            context.RequestAborted, withSession: true);
        if (benchmark is null)
        {
            return problem!;
        }
        var benchmarkId = benchmark.Id;

        var files = services.Files;
        var baseName = FileBaseName(benchmark);
        // a repeated benchmark's files are its invocations' own: the first measured repetition's unless one is named
        var invocation = files.InvocationOf(benchmark, repetition);
        var invocationName = repetition is { } chosen ? $"{baseName}-{(chosen.Warmup ? "warmup" : "repetition")}-{chosen.Index}" : baseName;
        switch (format)
        {
            case "raw":
                return FileOrProblem(invocation.StatCsv, "text/csv", $"{invocationName}-perf-stat.csv");
            case "log":
                return FileOrProblem(invocation.WorkloadLog, "text/plain", $"{invocationName}-workload.log");
            case "stderr":
                return FileOrProblem(invocation.PerfStderr, "text/plain", $"{invocationName}-perf-stderr.log");
            case "prepare":
                return FileOrProblem(invocation.PathOf(RepetitionFiles.PrepareLogName), "text/plain", $"{invocationName}-prepare.log");
            case "perfdata":
                return File.Exists(files.PerfData(benchmarkId))
                    ? TypedResults.PhysicalFile(files.PerfData(benchmarkId), "application/octet-stream", $"{baseName}-perf.data", enableRangeProcessing: true)
                    : NoRecording();
            case "archive":
                return File.Exists(files.PerfArchive(benchmarkId))
                    ? TypedResults.PhysicalFile(files.PerfArchive(benchmarkId), "application/x-bzip2", $"{baseName}-perf.data.tar.bz2", enableRangeProcessing: true)
                    : BenchmarkLookup.NotFound(benchmark.Tool == PerfTool.Record && benchmark.Host is null
                        ? "This recording was made on this machine, whose binaries perf report finds itself: there is no perf archive bundle."
                        : "This benchmark has no perf archive bundle (it is made for recordings on a host).");
            case "script":
                if (!File.Exists(files.PerfData(benchmarkId)) || !benchmark.IsFinished)
                {
                    return NoRecording();
                }
                // a host's recording is read where its binaries are: when the host is unreachable, say so
                var target = services.Targets.For(benchmark);
                if (await target.FindProblemAsync(context.RequestAborted) is { } hostProblem)
                {
                    return TypedResults.Problem($"perf script runs on {benchmark.HostName}, where the recording's binaries are, and it cannot run there now: {hostProblem}",
                        statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{benchmark.HostName} is not reachable");
                }
                return PerfScriptText(target, files.PerfData(benchmarkId), $"{baseName}-perf-script.txt");
            case "folded" or "functions":
                // ?from=&to= (seconds): the time range selected on the page, as the table and the flame graph show it
                var (from, to) = (Seconds(context.Request.Query["from"]), Seconds(context.Request.Query["to"]));
                if (ProfileRanges.Problem(from, to) is { } rangeProblem)
                {
                    return ProfileEndpoints.FieldProblem(rangeProblem);
                }
                var profile = await services.Results.LoadProfileAsync(benchmark, context.RequestAborted);
                if (profile is null)
                {
                    return NoRecording();
                }
                var eventId = int.TryParse(context.Request.Query["event"], out var e) && e >= 0 && e < profile.Events.Count ? e : 0;
                var range = ProfileRanges.From(from, to);
                var selection = profile.Select(eventId, range);
                var eventSlug = Slug(profile.Events[eventId]) + (range is { } r
                    ? FormattableString.Invariant($"-{r.StartSeconds:0.###}s-{r.EndSeconds:0.###}s")
                    : "");
                return format == "folded"
                    ? WithDownloadName(TypedResults.Text(selection.Folded(), "text/plain; charset=utf-8", Encoding.UTF8),
                        $"{baseName}-{eventSlug}.folded")
                    : WithDownloadName(TypedResults.Text(FunctionsCsv(selection), "text/csv; charset=utf-8", Encoding.UTF8),
                        $"{baseName}-{eventSlug}-functions.csv");
        }

        var result = services.Results.LoadStat(benchmark, repetition);
        if (format == "csv" && context.Request.Query["repetitions"] == "true")
        {
            var runs = services.Results.LoadRepetitionResults(benchmark);
            return TypedResults.File(Encoding.UTF8.GetBytes(RepetitionsCsv(benchmark, runs)), "text/csv", $"{baseName}-repetitions.csv");
        }
        if (format == "json")
        {
            var position = services.Queue.PositionOf(benchmarkId);
            var json = JsonSerializer.SerializeToUtf8Bytes(BenchmarkDto.From(benchmark, result, position,
                await services.Results.LoadProfileAsync(benchmark, context.RequestAborted),
                services.Results.LoadRepetitionResults(benchmark)), ApiJson.Options);
            return TypedResults.File(json, "application/json", $"{baseName}.json");
        }
        var csv = Encoding.UTF8.GetBytes(SeriesCsv(benchmark, result));
        return TypedResults.File(csv, "text/csv", $"{invocationName}-series.csv");
    }

    /// <summary>
    /// One row per invocation and event (warm-ups included and marked, so that nothing is hidden), then one row per
    /// invocation for its wall time: the numbers behind the statistics, for a spreadsheet or R.
    /// </summary>
    public static string RepetitionsCsv(Benchmark benchmark, RepetitionResults runs)
    {
        var csv = new StringBuilder("repetition,warmup,status,event,perf_event,unit,value,state,percent_running,rate_per_second,outlier\n");
        foreach (var run in runs.Runs)
        {
            var r = run.Repetition;
            var names = BenchmarkResults.DisplayNames(benchmark, run.Result.EventNames);
            var prefix = $"{r.Index.ToString(CultureInfo.InvariantCulture)},{(r.Warmup ? "true" : "false")},{r.Status}";
            for (var i = 0; i < run.Result.Events.Count; i++)
            {
                var e = run.Result.Events[i];
                var outlier = !r.Warmup && runs.StatsOf(e.Event)?.Outliers.Contains(r.Index) == true;
                csv.Append(prefix).Append(',').Append(CsvText.Field(names[i])).Append(',').Append(CsvText.Field(e.Event)).Append(',')
                    .Append(CsvText.Field(e.Unit)).Append(',').Append(e.Total?.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(e.State switch { CountState.Counted => "counted", CountState.NotCounted => "not counted", _ => "not supported" })
                    .Append(',').Append(e.PercentRunning?.ToString("0.##", CultureInfo.InvariantCulture))
                    .Append(',').Append(e.RatePerSecond?.ToString("R", CultureInfo.InvariantCulture))
                    .Append(',').Append(outlier ? "true" : "false").Append('\n');
            }
            var wallOutlier = !r.Warmup && runs.Stats.WallTime.Outliers.Contains(r.Index);
            csv.Append(prefix).Append(',').Append(RepeatedStatResult.WallTimeName).Append(",,s,")
                .Append(r.WallSeconds?.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.WallSeconds is null ? "not counted" : "counted").Append(",,,").Append(wallOutlier ? "true" : "false").Append('\n');
        }
        return csv.ToString();
    }

    private static double? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// <summary>
    /// The parsed series: one row per interval (time_s, then one column per event) for <c>-I</c> runs, else one row
    /// per event with its total. Counts perf could not make are empty cells, never 0.
    /// </summary>
    public static string SeriesCsv(Benchmark benchmark, StatResult result)
    {
        var names = BenchmarkResults.DisplayNames(benchmark, result.EventNames);
        var csv = new StringBuilder();
        if (result.Intervals.Count > 0)
        {
            csv.Append("time_s");
            foreach (var name in names)
            {
                csv.Append(',').Append(CsvText.Field(name));
            }
            csv.Append('\n');
            foreach (var sample in result.Intervals)
            {
                csv.Append(sample.Time.ToString("0.#########", CultureInfo.InvariantCulture));
                for (var i = 0; i < names.Count; i++)
                {
                    csv.Append(',');
                    if (i < sample.Values.Count && sample.Values[i] is { } value)
                    {
                        csv.Append(value.ToString("R", CultureInfo.InvariantCulture));
                    }
                }
                csv.Append('\n');
            }
            return csv.ToString();
        }

        csv.Append("event,perf_event,unit,total,state,percent_running,rate_per_second\n");
        for (var i = 0; i < result.Events.Count; i++)
        {
            var e = result.Events[i];
            csv.Append(CsvText.Field(names[i])).Append(',').Append(CsvText.Field(e.Event)).Append(',').Append(CsvText.Field(e.Unit)).Append(',')
                .Append(e.Total?.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(e.State switch { CountState.Counted => "counted", CountState.NotCounted => "not counted", _ => "not supported" })
                .Append(',').Append(e.PercentRunning?.ToString("0.##", CultureInfo.InvariantCulture))
                .Append(',').Append(e.RatePerSecond?.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }

    private static IResult NoRecording() =>
        TypedResults.Problem("This benchmark has no finished perf record recording.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Every function of the selection with its self and total (inclusive) samples.</summary>
    public static string FunctionsCsv(WebOcperf.Perf.Record.RecordSelection selection)
    {
        var csv = new StringBuilder("symbol,dso,self_samples,total_samples,self_percent,total_percent\n");
        foreach (var f in selection.TopFunctions(limit: int.MaxValue))
        {
            csv.Append(CsvText.Field(f.Symbol)).Append(',').Append(CsvText.Field(f.Dso)).Append(',')
                .Append(f.Self.ToString(CultureInfo.InvariantCulture)).Append(',').Append(f.Total.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((f.SelfShare * 100).ToString("0.###", CultureInfo.InvariantCulture)).Append(',')
                .Append((f.TotalShare * 100).ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>
    /// The recording as <c>perf script</c> text in its default format, which Firefox Profiler and speedscope import.
    /// Streamed from perf script's stdout to the response; nothing is buffered or written to disk.
    /// </summary>
    private static IResult PerfScriptText(IRunTarget target, string perfData, string downloadName) =>
        TypedResults.Stream(async output =>
        {
            var command = TargetCommand.Perf(WebOcperf.Perf.Record.PerfScriptCommand.DownloadArguments(perfData),
                workingDirectory: Path.GetDirectoryName(perfData)!);
            await target.RunCommandAsync(command, (stdout, token) => stdout.CopyToAsync(output, token), CancellationToken.None);
        }, "text/plain; charset=utf-8", downloadName);

    private static IResult WithDownloadName(IResult result, string downloadName) => new DownloadNamed(result, downloadName);

    /// <summary>Adds Content-Disposition: attachment to a text result.</summary>
    private sealed class DownloadNamed(IResult inner, string downloadName) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentDisposition =
                new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = downloadName }.ToString();
            return inner.ExecuteAsync(httpContext);
        }
    }

    private static string Slug(string text)
    {
        var slug = new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        return string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>e.g. <c>webocperf-cache-study-0190a1b2</c>: the session title made file-name safe, and the run's short id.</summary>
    public static string FileBaseName(Benchmark benchmark)
    {
        var slug = Slug(benchmark.Session?.Title ?? "benchmark");
        if (slug.Length > 40)
        {
            slug = slug[..40].TrimEnd('-');
        }
        var shortId = benchmark.Id.ToString("N")[^8..];
        return slug.Length > 0 ? $"webocperf-{slug}-{shortId}" : $"webocperf-{shortId}";
    }

    private static IResult FileOrProblem(string path, string contentType, string downloadName) =>
        File.Exists(path)
            ? TypedResults.PhysicalFile(path, contentType + "; charset=utf-8", downloadName, enableRangeProcessing: true)
            : TypedResults.Problem("This file does not exist (yet): the run has not written it.", statusCode: StatusCodes.Status404NotFound);
}
