using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebOcperf.Api;
using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Results;
using WebOcperf.Running;

namespace WebOcperf.Downloads;

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
    };

    public static void MapDownloads(this WebApplication app) =>
        app.MapGet("/benchmarks/{id}/download/{format}", (string id, string format, HttpContext context) =>
            DownloadAsync(id, format, context));

    public static async Task<IResult> DownloadAsync(string id, string format, HttpContext context)
    {
        if (!Guid.TryParse(id, out var benchmarkId))
        {
            return TypedResults.Problem($"'{Shorten(id)}' is not a benchmark id.", statusCode: StatusCodes.Status404NotFound);
        }
        if (!Formats.ContainsKey(format))
        {
            return TypedResults.Problem($"Unknown format '{Shorten(format)}'; use one of: {string.Join(", ", Formats.Keys)}.",
                statusCode: StatusCodes.Status404NotFound);
        }
        var services = context.RequestServices;
        var db = services.GetRequiredService<WebOcperfDb>();
        var benchmark = await db.Benchmarks.AsNoTracking().Include(b => b.Session)
            .FirstOrDefaultAsync(b => b.Id == benchmarkId, context.RequestAborted);
        if (benchmark is null)
        {
            return TypedResults.Problem($"There is no benchmark {benchmarkId}.", statusCode: StatusCodes.Status404NotFound);
        }

        var files = services.GetRequiredService<BenchmarkFiles>();
        var baseName = FileBaseName(benchmark);
        switch (format)
        {
            case "raw":
                return FileOrProblem(files.StatCsv(benchmarkId), "text/csv", $"{baseName}-perf-stat.csv");
            case "log":
                return FileOrProblem(files.WorkloadLog(benchmarkId), "text/plain", $"{baseName}-workload.log");
            case "stderr":
                return FileOrProblem(files.PerfStderr(benchmarkId), "text/plain", $"{baseName}-perf-stderr.log");
        }

        var result = services.GetRequiredService<BenchmarkResults>().LoadStat(benchmark);
        if (format == "json")
        {
            var position = services.GetRequiredService<BenchmarkQueue>().PositionOf(benchmarkId);
            var json = JsonSerializer.SerializeToUtf8Bytes(BenchmarkDto.From(benchmark, result, position), ApiJson.Options);
            return TypedResults.File(json, "application/json", $"{baseName}.json");
        }
        var csv = Encoding.UTF8.GetBytes(SeriesCsv(benchmark, result));
        return TypedResults.File(csv, "text/csv", $"{baseName}-series.csv");
    }

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
                csv.Append(',').Append(CsvField(name));
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
            csv.Append(CsvField(names[i])).Append(',').Append(CsvField(e.Event)).Append(',').Append(CsvField(e.Unit)).Append(',')
                .Append(e.Total?.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(e.State switch { CountState.Counted => "counted", CountState.NotCounted => "not counted", _ => "not supported" })
                .Append(',').Append(e.PercentRunning?.ToString("0.##", CultureInfo.InvariantCulture))
                .Append(',').Append(e.RatePerSecond?.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>e.g. <c>webocperf-cache-study-0190a1b2</c>: the session title made file-name safe, and the run's short id.</summary>
    public static string FileBaseName(Benchmark benchmark)
    {
        var title = benchmark.Session?.Title ?? "benchmark";
        var slug = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        slug = string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length > 40)
        {
            slug = slug[..40].TrimEnd('-');
        }
        var shortId = benchmark.Id.ToString("N")[^8..];
        return slug.Length > 0 ? $"webocperf-{slug}-{shortId}" : $"webocperf-{shortId}";
    }

    private static IResult FileOrProblem(string path, string contentType, string downloadName) =>
        File.Exists(path)
            ? TypedResults.PhysicalFile(path, contentType + "; charset=utf-8", downloadName)
            : TypedResults.Problem("This file does not exist (yet): the run has not written it.", statusCode: StatusCodes.Status404NotFound);

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
