using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;

namespace WebOcperf.Running;

public enum SubmitOutcome
{
    Queued,
    /// <summary>Refused: the queue is full. Nothing was stored.</summary>
    QueueFull,
    /// <summary>Refused: perf cannot run on the chosen machine (missing here, a host unreachable). Nothing was stored.</summary>
    PerfMissing,
}

/// <summary>What became of a submission; <paramref name="Problem"/> says why it was refused.</summary>
/// <param name="Host">The configured host the benchmark was for; null for this machine.</param>
public sealed record SubmitResult(SubmitOutcome Outcome, string? Problem, string? Host = null)
{
    public const string QueueFullMessage = "the queue is full; try again when some benchmarks have finished";

    /// <summary>A refusal's headline: what cannot be done, on which machine.</summary>
    public string Title => Outcome switch
    {
        SubmitOutcome.QueueFull => "The queue is full",
        SubmitOutcome.PerfMissing when Host is not null => $"{Host} cannot run perf now",
        SubmitOutcome.PerfMissing => "perf is not available",
        _ => "Queued",
    };

    /// <summary>How long a refused client should wait before asking again (Retry-After).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
}

public enum CancelOutcome
{
    Cancelled,
    Stopping,
    AlreadyFinished,
    NotFound,
}

/// <summary>What pages and the API use to queue and stop benchmarks.</summary>
public sealed class BenchmarkScheduler(
    WebOcperfDb db,
    BenchmarkQueue queue,
    LiveFeeds feeds,
    ActiveRuns activeRuns,
    BenchmarkLifecycle lifecycle,
    RunTargets targets,
    TimeProvider time)
{
    /// <summary>
    /// Stores a new benchmark and queues it; the caller has validated it (its host is a configured one). A refusal
    /// (perf missing, the host unreachable — the preflight —, queue full) stores nothing: the queue's place is
    /// reserved before the row is written.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(Benchmark benchmark, CancellationToken cancellationToken)
    {
        if (await targets.For(benchmark).FindProblemAsync(cancellationToken) is { } problem)
        {
            return new SubmitResult(SubmitOutcome.PerfMissing, problem, benchmark.Host);
        }
        using var slot = queue.TryReserve();
        if (slot is null)
        {
            return new SubmitResult(SubmitOutcome.QueueFull, SubmitResult.QueueFullMessage);
        }
        benchmark.Status = BenchmarkStatus.Queued;
        benchmark.CreatedAt = time.GetUtcNow().UtcDateTime;
        // the feed exists before the row, so a viewer who opens the page right away finds it
        feeds.Open(benchmark.Id);
        db.Benchmarks.Add(benchmark);
        await db.SaveChangesAsync(cancellationToken);
        slot.Enqueue(benchmark.Id, benchmark.Host);
        return new SubmitResult(SubmitOutcome.Queued, null);
    }

    /// <summary>Takes a queued benchmark out of the queue, or stops a running one (SIGINT to its process group).</summary>
    public async Task<CancelOutcome> CancelAsync(Guid benchmarkId, CancellationToken cancellationToken)
    {
        var benchmark = await db.Benchmarks.FirstOrDefaultAsync(b => b.Id == benchmarkId, cancellationToken);
        if (benchmark is null)
        {
            return CancelOutcome.NotFound;
        }
        if (queue.TryRemove(benchmarkId))
        {
            await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Cancelled, "cancelled before it started");
            return CancelOutcome.Cancelled;
        }
        if (activeRuns.TryStop(benchmarkId, StopReason.Cancelled))
        {
            return CancelOutcome.Stopping;
        }
        if (benchmark.IsFinished)
        {
            return CancelOutcome.AlreadyFinished;
        }
        // taken from the queue a moment ago, perf not started yet
        activeRuns.StopWhenStarted(benchmarkId, StopReason.Cancelled);
        return CancelOutcome.Stopping;
    }
}
