using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;

namespace WebOcperf.Running;

public enum SubmitOutcome
{
    Queued,
    QueueFull,
    PerfMissing,
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
    PerfInstallation perf,
    TimeProvider time)
{
    /// <summary>Stores a new benchmark and queues it; the caller has validated it.</summary>
    public async Task<SubmitOutcome> SubmitAsync(Benchmark benchmark, CancellationToken cancellationToken)
    {
        if (!perf.IsAvailable)
        {
            return SubmitOutcome.PerfMissing;
        }
        benchmark.Status = BenchmarkStatus.Queued;
        benchmark.CreatedAt = time.GetUtcNow().UtcDateTime;
        // the feed exists before the row, so a viewer who opens the page right away finds it
        feeds.Open(benchmark.Id);
        db.Benchmarks.Add(benchmark);
        await db.SaveChangesAsync(cancellationToken);
        if (queue.TryEnqueue(benchmark.Id, benchmark.Host))
        {
            return SubmitOutcome.Queued;
        }

        await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Failed,
            "the queue is full; try again when some benchmarks have finished");
        return SubmitOutcome.QueueFull;
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
