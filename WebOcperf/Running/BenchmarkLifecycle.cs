using WebOcperf.Data;

namespace WebOcperf.Running;

/// <summary>
/// The one way a benchmark's status changes. It enforces the allowed transitions — Queued → Running, Cancelled or
/// Failed (refused, or not requeued after a restart); Running → Succeeded, Failed, Cancelled or Interrupted; nothing
/// after a final state —, stamps StartedAt/FinishedAt, saves, and keeps the live feed in step: viewers see the new
/// state, and a finished benchmark's feed is completed and retired.
/// </summary>
public sealed partial class BenchmarkLifecycle(LiveFeeds feeds, TimeProvider time, ILogger<BenchmarkLifecycle> logger)
{
    /// <summary>Whether a benchmark may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(BenchmarkStatus from, BenchmarkStatus to) => (from, to) switch
    {
        (BenchmarkStatus.Queued, BenchmarkStatus.Running or BenchmarkStatus.Cancelled or BenchmarkStatus.Failed) => true,
        (BenchmarkStatus.Running, BenchmarkStatus.Succeeded or BenchmarkStatus.Failed or BenchmarkStatus.Cancelled
            or BenchmarkStatus.Interrupted) => true,
        _ => false,
    };

    /// <summary>Queued → Running: stamps StartedAt, saves and shows viewers the run has begun.</summary>
    public async Task StartAsync(WebOcperfDb db, Benchmark benchmark)
    {
        Start(benchmark);
        await db.SaveChangesAsync(CancellationToken.None);
        feeds.Find(benchmark.Id)?.SetState(RunState.Of(benchmark));
    }

    /// <summary>Queued → Running on the row alone; <see cref="StartAsync"/> also saves and tells viewers.</summary>
    public void Start(Benchmark benchmark)
    {
        Move(benchmark, BenchmarkStatus.Running);
        benchmark.StartedAt = time.GetUtcNow().UtcDateTime;
    }

    /// <summary>
    /// To a final state: stamps FinishedAt, records the error (null when it succeeded), forgets the process group, saves,
    /// completes the live feed and retires it.
    /// </summary>
    public async Task FinishAsync(WebOcperfDb db, Benchmark benchmark, BenchmarkStatus status, string? error)
    {
        Finish(benchmark, status, error);
        await db.SaveChangesAsync(CancellationToken.None);
        Publish(benchmark);
    }

    /// <summary>
    /// The same as <see cref="FinishAsync"/> for several benchmarks saved together by the caller (start-up recovery):
    /// changes the row only; call <see cref="Publish"/> after saving.
    /// </summary>
    public void Finish(Benchmark benchmark, BenchmarkStatus status, string? error)
    {
        if (status is BenchmarkStatus.Queued or BenchmarkStatus.Running)
        {
            throw new ArgumentException($"{status} is not a final state", nameof(status));
        }
        Move(benchmark, status);
        benchmark.Error = error;
        benchmark.FinishedAt = time.GetUtcNow().UtcDateTime;
        benchmark.ProcessGroupId = null;
    }

    /// <summary>Tells the viewers of a finished benchmark its final state, then lets its feed go.</summary>
    public void Publish(Benchmark benchmark)
    {
        if (feeds.Find(benchmark.Id) is { } feed)
        {
            feed.Complete(RunState.Of(benchmark));
            feeds.Retire(benchmark.Id);
        }
        LogEnded(benchmark.Id, benchmark.Status, benchmark.Error);
    }

    /// <summary>A deleted benchmark has no state left; its viewers are told it is gone.</summary>
    public void Deleted(Guid benchmarkId)
    {
        if (feeds.Find(benchmarkId) is { } feed)
        {
            feed.Complete(RunState.Queued(null) with { Status = BenchmarkStatus.Cancelled, Error = "deleted" });
            feeds.Retire(benchmarkId);
        }
    }

    private static void Move(Benchmark benchmark, BenchmarkStatus to)
    {
        if (!IsAllowed(benchmark.Status, to))
        {
            throw new InvalidOperationException($"Benchmark {benchmark.Id} cannot go from {benchmark.Status} to {to}.");
        }
        benchmark.Status = to;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Benchmark {BenchmarkId} ended {Status}: {Error}")]
    private partial void LogEnded(Guid benchmarkId, BenchmarkStatus status, string? error);
}
