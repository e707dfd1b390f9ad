using WebOcperf.Data;
using WebOcperf.Perf.Record;
using WebOcperf.Benchmarks;

namespace WebOcperf.Benchmarks;

/// <summary>Turns the from/to query parameters into a time range; none (or a nonsensical one) means the whole recording.</summary>
public static class ProfileRanges
{
    /// <summary>About 31 years: no recording is longer, and nanosecond arithmetic stays far from overflowing.</summary>
    public const double MaxSeconds = 1e9;

    /// <summary>
    /// What is wrong with a <c>from</c>/<c>to</c> sent by a client — a number that is no time in a recording — naming
    /// the field; null when they are fine or absent.
    /// </summary>
    public static (string Field, string Message)? Problem(double? from, double? to)
    {
        foreach (var (field, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is { } seconds && (!double.IsFinite(seconds) || seconds < 0 || seconds > MaxSeconds))
            {
                return (field, $"{field} must be a time in the recording: seconds from its first sample, between 0 and {MaxSeconds:0}.");
            }
        }
        return from is { } start && to is { } end && end <= start ? ("to", "to must be after from.") : null;
    }

    /// <summary>What is wrong with an <c>event</c> sent by a client for this recording; null when it is fine or absent.</summary>
    public static (string Field, string Message)? EventProblem(RecordProfile profile, int? eventId) =>
        eventId is { } e && (e < 0 || e >= profile.Events.Count)
            ? ("event", profile.Events.Count == 1
                ? "event must be 0: the recording has one event."
                : $"event must be one of the recording's events, 0 to {profile.Events.Count - 1}.")
            : null;

    public static TimeRange? From(double? from, double? to) =>
        from is { } start && to is { } end && double.IsFinite(start) && double.IsFinite(end) && end > start
            ? new TimeRange(Math.Max(0, start), end)
            : null;
}

/// <summary>
/// The JSON a recording's page draws: <c>/benchmarks/{id}/profile/histogram.json</c> (samples per time bucket) and
/// <c>/benchmarks/{id}/profile/flame.json</c> (the flame graph, trimmed on the server), both per event and time range.
/// </summary>
public static class ProfileEndpoints
{
    private const int MaxHistogramBuckets = 400;
    private const int MinHistogramBuckets = 20;

    /// <summary>About eight samples a bucket, so a short recording draws a profile rather than a comb of 0s and 1s.</summary>
    private static int BucketsFor(RecordProfile profile) =>
        (int)Math.Clamp(profile.SampleCount / 8, MinHistogramBuckets, MaxHistogramBuckets);

    public static void MapProfiles(this WebApplication app)
    {
        app.MapGet("/benchmarks/{id}/profile/histogram.json", HistogramAsync);
        app.MapGet("/benchmarks/{id}/profile/flame.json", FlameAsync);
    }

    private static Task<IResult> HistogramAsync(string id, int? @event, double? from, double? to, WebOcperfDb db,
        BenchmarkResults results, CancellationToken cancellationToken) =>
        AnswerAsync(id, @event, from, to, db, results, cancellationToken, (profile, eventId, range) =>
            TypedResults.Ok(profile.Histogram(eventId, range, BucketsFor(profile))));

    private static Task<IResult> FlameAsync(string id, int? @event, double? from, double? to, WebOcperfDb db,
        BenchmarkResults results, CancellationToken cancellationToken) =>
        // trimmed on the server, so the JSON stays small enough to build in memory
        AnswerAsync(id, @event, from, to, db, results, cancellationToken, (profile, eventId, range) =>
            TypedResults.Text(profile.Select(eventId, range).FlameGraph().ToJson(), "application/json"));

    /// <summary>A view of a recording for one event and time range: 404 for no recording, 400 naming a bad event or range.</summary>
    private static async Task<IResult> AnswerAsync(string id, int? @event, double? from, double? to, WebOcperfDb db,
        BenchmarkResults results, CancellationToken cancellationToken, Func<RecordProfile, int, TimeRange?, IResult> answer)
    {
        var (profile, problem) = await LoadAsync(id, from, to, db, results, cancellationToken);
        return profile is null
            ? problem!
            : ProfileRanges.EventProblem(profile, @event) is { } eventProblem
            ? FieldProblem(eventProblem)
            : answer(profile, EventOf(profile, @event), ProfileRanges.From(from, to));
    }

    public static IResult FieldProblem((string Field, string Message) problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Field] = [problem.Message] },
            detail: $"{problem.Field}: {problem.Message}");

    private static int EventOf(RecordProfile profile, int? eventId) =>
        eventId is { } e && e >= 0 && e < profile.Events.Count ? e : 0;

    /// <summary>The benchmark's recording, or the problem to answer: a time range that is none (400), no such benchmark or
    /// no finished recording (404).</summary>
    private static async Task<(RecordProfile? Profile, IResult? Problem)> LoadAsync(string id, double? from, double? to,
        WebOcperfDb db, BenchmarkResults results, CancellationToken cancellationToken)
    {
        if (ProfileRanges.Problem(from, to) is { } rangeProblem)
        {
            return (null, FieldProblem(rangeProblem));
        }
        var (benchmark, problem) = await BenchmarkLookup.FindAsync(db, id, cancellationToken);
        if (benchmark is null)
        {
            return (null, problem);
        }
        var profile = await results.LoadProfileAsync(benchmark, cancellationToken);
        return profile is null
            ? (null, TypedResults.Problem("This benchmark has no finished recording.", statusCode: StatusCodes.Status404NotFound))
            : (profile, null);
    }
}
