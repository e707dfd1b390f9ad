using System.Globalization;
using WebOcperf.Data;

namespace WebOcperf.Benchmarks;

/// <summary>
/// <c>?repetition=k</c> (a measured repetition) or <c>?warmup=k</c> (a warm-up): which perf invocation of a benchmark
/// the series, the downloads, the event stream and the page show. The same rules everywhere, and a 400 naming the
/// parameter for anything that is not one of the benchmark's invocations.
/// </summary>
public static class RepetitionQuery
{
    /// <summary>The invocation asked for (null when none is), or the problem to answer.</summary>
    public static (RepetitionKey? Key, IResult? Problem) Parse(HttpRequest request, Benchmark benchmark)
    {
        var (key, error) = Parse(request.Query["repetition"], request.Query["warmup"], benchmark);
        return error is null
            ? (key, null)
            : (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Value.Field] = [error.Value.Message] },
                detail: $"{error.Value.Field}: {error.Value.Message}"));
    }

    /// <summary>The same for the values as typed (pages read them from their own parameters).</summary>
    public static (RepetitionKey? Key, (string Field, string Message)? Error) Parse(string? repetition, string? warmup, Benchmark benchmark)
    {
        if (!string.IsNullOrEmpty(repetition) && !string.IsNullOrEmpty(warmup))
        {
            return (null, ("repetition", "Give repetition or warmup, not both."));
        }
        if (!string.IsNullOrEmpty(warmup))
        {
            return Number(warmup, benchmark.Warmup) is { } w
                ? (new RepetitionKey(true, w), null)
                : (null, ("warmup", Describe(warmup, benchmark.Warmup, "warm-up")));
        }
        if (!string.IsNullOrEmpty(repetition))
        {
            return Number(repetition, benchmark.Repeat) is { } r
                ? (RepetitionKey.Measured(r), null)
                : (null, ("repetition", Describe(repetition, benchmark.Repeat, "repetition")));
        }
        return (null, null);
    }

    private static int? Number(string text, int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= count ? k : null;

    private static string Describe(string text, int count, string noun) => count switch
    {
        0 => $"This benchmark has no {noun}s.",
        1 => $"'{WebOcperf.Perf.TextPreview.Shorten(text)}' is not a {noun} of this benchmark; it has one (1).",
        _ => $"'{WebOcperf.Perf.TextPreview.Shorten(text)}' is not a {noun} of this benchmark; use 1 to {count}.",
    };
}
