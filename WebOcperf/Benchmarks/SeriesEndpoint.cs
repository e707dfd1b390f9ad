using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Benchmarks;

namespace WebOcperf.Benchmarks;

public sealed record SeriesLine(string Name, string Unit, IReadOnlyList<double[]> Points);

/// <param name="IntervalCount">How many intervals the whole run has (the points may be fewer).</param>
public sealed record SeriesResponse(int IntervalCount, double Duration, bool Downsampled, IReadOnlyList<SeriesLine> Series);

/// <summary>
/// <c>GET /benchmarks/{id}/series?from=&amp;to=&amp;points=&amp;repetition=</c>: a stored run's intervals (of one repetition) for the chart, downsampled on the
/// server for long runs, at full detail for the range the user zoomed into. Points are <c>[time, value, duration]</c>.
/// </summary>
public static class SeriesEndpoint
{
    public const int DefaultPoints = 2000;
    private const int MaxPoints = 20_000;

    public static void MapSeries(this WebApplication app) => app.MapGet("/benchmarks/{id}/series", GetAsync);

    private static async Task<IResult> GetAsync(string id, double? from, double? to, int? points, WebOcperfDb db,
        BenchmarkResults results, HttpRequest request, CancellationToken cancellationToken)
    {
        var (benchmark, repetition, problem) = await BenchmarkLookup.FindWithRepetitionAsync(db, id, request, cancellationToken);
        if (benchmark is null)
        {
            return problem!;
        }
        if (points is < 2 or > MaxPoints)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["points"] = [$"points must be between 2 and {MaxPoints}."] });
        }

        var result = results.LoadStat(benchmark, repetition);
        var maxPoints = points ?? DefaultPoints;
        var names = BenchmarkResults.DisplayNames(benchmark, result.EventNames);
        var (lines, downsampled) = SeriesDownsampler.Downsample(result.Intervals, names.Count, from, to, maxPoints);
        var series = names.Select((name, e) => new SeriesLine(name, result.Events[e].Unit,
            lines[e].Select(p => new[] { p.Time, p.Value, p.Duration }).ToList())).ToList();
        return TypedResults.Ok(new SeriesResponse(result.Intervals.Count,
            result.Intervals.Count > 0 ? result.Intervals[^1].Time : 0, downsampled, series));
    }
}
