using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;
using WebOcperf.Perf.Record;
using WebOcperf.Perf.Stat;
using WebOcperf.Benchmarks;
using WebOcperf.Running;

namespace WebOcperf.Benchmarks;

/// <summary>Everything the result view shows about one benchmark.</summary>
public sealed record BenchmarkView(
    Benchmark Benchmark,
    string SessionTitle,
    StatResult Result,
    IReadOnlyList<string> DisplayNames,
    int? QueuePosition,
    string WorkloadLogTail,
    string PerfMessages,
    DateTime Now,
    RecordView? Profile,
    RepetitionResults? Repetitions = null,
    RepetitionKey? Repetition = null,
    Guid? PreviousRunId = null)
{
    /// <summary>The query that selects the shown repetition (<c>?repetition=3</c>), or "" for the default one.</summary>
    public string RepetitionQueryString => Repetition is { } key ? "?" + key.Query : "";

    /// <summary>The strip plot of the measured repetitions' values, once the benchmark has finished; null otherwise.</summary>
    public RepetitionStrip? Strip => Benchmark.IsFinished && Repetitions is { } repeated
        ? RepetitionStrip.From(repeated.Stats, ShownMeasuredRepetition)
        : null;

    /// <summary>The measured repetition the chart and the table show (null when a warm-up is shown).</summary>
    public int? ShownMeasuredRepetition => (Repetition ?? Benchmark.DefaultRepetition) is { Warmup: false } key ? key.Index : null;

    /// <summary>
    /// The measured repetitions whose interval series the chart can overlay (finished benchmarks only: a running one's
    /// chart follows the current repetition).
    /// </summary>
    public IReadOnlyList<int> OverlayRepetitions => Benchmark.IsFinished && Repetitions is { } runs
        ? runs.Runs.Where(r => !r.Repetition.Warmup && r.Result.Intervals.Count > 0).Select(r => r.Repetition.Index).ToList()
        : [];

    public const int LogTailBytes = 16 * 1024;

    public bool HasIntervals => Result.Intervals.Count > 0;
}

/// <summary>Builds <see cref="BenchmarkView"/>s for the session page, the share page and the plot page.</summary>
public sealed class BenchmarkViews(WebOcperfDb db, BenchmarkResults results, BenchmarkFiles files, BenchmarkQueue queue,
    ActiveRuns activeRuns, TimeProvider time)
{
    /// <param name="repetition">?repetition= and ?warmup= as given: which run's chart and totals to show (ignored when
    /// the benchmark has no such run, so that an old link still opens the benchmark).</param>
    public async Task<BenchmarkView?> LoadAsync(Guid benchmarkId, CancellationToken cancellationToken, int eventId = 0,
        TimeRange? range = null) =>
        (await LoadAsync(benchmarkId, (null, null), cancellationToken, eventId, range)).View;

    /// <summary>
    /// The view of one of the benchmark's invocations (<c>?repetition=k</c> or <c>?warmup=k</c>); an invocation it does
    /// not have is an error naming the parameter, as for the downloads and the series. A null view without an error: no
    /// such benchmark.
    /// </summary>
    public async Task<(BenchmarkView? View, string? Error)> LoadAsync(Guid benchmarkId,
        (string? Repetition, string? Warmup) repetition, CancellationToken cancellationToken, int eventId = 0, TimeRange? range = null)
    {
        var benchmark = await db.Benchmarks.AsNoTracking().Include(b => b.Session).Include(b => b.Repetitions)
            .FirstOrDefaultAsync(b => b.Id == benchmarkId, cancellationToken);
        if (benchmark is null)
        {
            return (null, null);
        }
        var (key, error) = RepetitionQuery.Parse(repetition.Repetition, repetition.Warmup, benchmark);
        if (error is { } problem)
        {
            return (null, $"{problem.Field}: {problem.Message}");
        }
        return (await BuildAsync(benchmark, cancellationToken, eventId, range, key), null);
    }

    public async Task<BenchmarkView> BuildAsync(Benchmark benchmark, CancellationToken cancellationToken, int eventId = 0,
        TimeRange? range = null, RepetitionKey? repetition = null)
    {
        if (benchmark.Tool == PerfTool.Stat && benchmark.Repetitions.Count == 0)
        {
            // lists load benchmarks without their repetitions; the result shows them
            benchmark.Repetitions = await db.Repetitions.AsNoTracking().Where(r => r.BenchmarkId == benchmark.Id)
                .ToListAsync(cancellationToken);
        }
        var profile = await results.LoadProfileAsync(benchmark, cancellationToken);
        var result = results.LoadStat(benchmark, repetition);
        var perfMessages = activeRuns.StderrOf(benchmark.Id)
            ?? BenchmarkFiles.ReadTail(files.PerfStderr(benchmark.Id), BenchmarkView.LogTailBytes);
        return new BenchmarkView(
            benchmark,
            benchmark.Session?.Title ?? "",
            result,
            BenchmarkResults.DisplayNames(benchmark, result.EventNames),
            queue.PositionOf(benchmark.Id),
            BenchmarkFiles.ReadTail(files.WorkloadLog(benchmark.Id), BenchmarkView.LogTailBytes),
            perfMessages,
            time.GetUtcNow().UtcDateTime,
            profile is null ? null : RecordView.Create(benchmark, profile, eventId, range),
            benchmark.IsRepeated ? results.LoadRepetitionResults(benchmark) : null,
            benchmark.IsRepeated ? repetition : null,
            benchmark.IsFinished ? await PreviousRunAsync(benchmark, cancellationToken) : null);
    }

    /// <summary>
    /// The run "Compare with the previous run" compares with: the latest successful run of the same session and tool
    /// queued before this one.
    /// </summary>
    private Task<Guid?> PreviousRunAsync(Benchmark benchmark, CancellationToken cancellationToken) =>
        db.Benchmarks.AsNoTracking()
            .Where(b => b.SessionId == benchmark.SessionId && b.Tool == benchmark.Tool && b.Id != benchmark.Id
                && b.Status == BenchmarkStatus.Succeeded && b.CreatedAt < benchmark.CreatedAt)
            .OrderByDescending(b => b.CreatedAt)
            .Select(b => (Guid?)b.Id)
            .FirstOrDefaultAsync(cancellationToken);
}

/// <summary>A recording's result: the chosen event and time range, and what the table and the summary show.</summary>
public sealed record RecordView(
    Benchmark Benchmark,
    RecordProfile Profile,
    int EventId,
    TimeRange? Range,
    RecordSelection Selection,
    IReadOnlyList<FunctionShare> TopFunctions,
    IReadOnlyList<NamedShare> Comms,
    IReadOnlyList<TaskShare> Processes,
    IReadOnlyList<NamedShare> Dsos)
{
    public const int TableRows = 200;

    public static RecordView Create(Benchmark benchmark, RecordProfile profile, int eventId, TimeRange? range)
    {
        var id = Math.Clamp(eventId, 0, Math.Max(0, profile.Events.Count - 1));
        var selection = profile.Select(id, range);
        return new RecordView(benchmark, profile, id, range, selection, selection.TopFunctions(limit: TableRows),
            selection.ByComm().Take(12).ToList(), selection.ByProcess().Take(12).ToList(), selection.ByDso().Take(12).ToList());
    }

    public string Query(string path) =>
        $"/benchmarks/{Benchmark.Id}/{path}?event={EventId}";
}
