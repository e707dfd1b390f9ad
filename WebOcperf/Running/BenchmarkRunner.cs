using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Data;

namespace WebOcperf.Running;

/// <summary>
/// Takes benchmarks from the queue and runs them, <see cref="WebOcperfOptions.MaxConcurrentRuns"/> at a time.
/// At start-up it settles what a previous process left: runs that were going are marked Interrupted (their perf
/// process group is ended if it survived) and queued runs are queued again, in their original order.
/// </summary>
public sealed partial class BenchmarkRunner(
    BenchmarkQueue queue,
    BenchmarkExecution execution,
    BenchmarkLifecycle lifecycle,
    LiveFeeds feeds,
    BenchmarkFiles files,
    RunTargets targets,
    IServiceScopeFactory scopes,
    IOptions<WebOcperfOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BenchmarkRunner> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        queue.Changed += PublishQueuePositions;
        await base.StartAsync(cancellationToken);
    }

    /// <remarks>
    /// Stops on ApplicationStopping, not only on this service's own token: the host stops the web server first and
    /// waits for open event streams, and runs must be stopped (and marked Interrupted) while that happens.
    /// </remarks>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrentRuns))
            .Select(_ => Task.Run(() => WorkAsync(stopping.Token), CancellationToken.None)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Guid benchmarkId;
            try
            {
                benchmarkId = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await execution.RunAsync(benchmarkId, stoppingToken);
            }
            catch (Exception e)
            {
                LogRunFailed(e, benchmarkId);
                await MarkFailedAsync(benchmarkId, $"WebOcperf could not run this benchmark: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Ends a run's group on its machine; a host that cannot be reached now keeps it (the run is marked Interrupted all
    /// the same, and its host's next check ends it).
    /// </summary>
    private async Task<bool> EndLeftoverAsync(Benchmark running, int group, CancellationToken cancellationToken)
    {
        try
        {
            return await targets.For(running).EndLeftoverAsync(group, running.Id, options.Value.StopGracePeriod, cancellationToken);
        }
        catch (RunTargetException e)
        {
            LogLeftoverUnreachable(running.HostName, group, e.Message);
            if (targets.For(running) is Remote.SshRunTarget remote)
            {
                remote.RememberLeftover(group, running.Id);
            }
            return false;
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        var interrupted = await db.Benchmarks.Include(b => b.Repetitions)
            .Where(b => b.Status == BenchmarkStatus.Running).ToListAsync(cancellationToken);
        foreach (var running in interrupted)
        {
            // ended the way Stop does, so that a recording's perf.data is finished and its samples stay viewable
            if (running.ProcessGroupId is { } group && await EndLeftoverAsync(running, group, cancellationToken))
            {
                LogLeftoverEnded(group);
            }
            lifecycle.Finish(running, BenchmarkStatus.Interrupted, "the server stopped while this ran; the data so far is kept");
            foreach (var repetition in running.Repetitions.Where(r => r.Status == BenchmarkStatus.Running))
            {
                repetition.Status = BenchmarkStatus.Interrupted;
                repetition.Error = "the server stopped while this ran";
                repetition.FinishedAt = running.FinishedAt;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var running in interrupted)
        {
            lifecycle.Publish(running);
        }

        var queued = await db.Benchmarks.Where(b => b.Status == BenchmarkStatus.Queued)
            .OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(cancellationToken);
        foreach (var id in queued)
        {
            feeds.Open(id);
            if (!queue.TryEnqueue(id))
            {
                await MarkFailedAsync(id, "the queue was full when the server restarted");
            }
        }
        PublishQueuePositions();
        await SweepOrphanedFilesAsync(db, cancellationToken);
    }

    /// <summary>Removes benchmark directories that no row points to (left by a crash while a benchmark was deleted).</summary>
    private async Task SweepOrphanedFilesAsync(WebOcperfDb db, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(files.Root))
        {
            return;
        }
        var known = (await db.Benchmarks.Select(b => b.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var directory in Directory.EnumerateDirectories(files.Root))
        {
            if (Guid.TryParseExact(Path.GetFileName(directory), "N", out var id) && !known.Contains(id))
            {
                Directory.Delete(directory, recursive: true);
                LogOrphanedFilesRemoved(id);
            }
        }
    }

    private void PublishQueuePositions()
    {
        var order = queue.Snapshot();
        for (var i = 0; i < order.Count; i++)
        {
            var feed = feeds.Find(order[i]);
            if (feed is not null && feed.State.Status == BenchmarkStatus.Queued && feed.State.QueuePosition != i + 1)
            {
                feed.SetState(RunState.Queued(i + 1));
            }
        }
    }

    private async Task MarkFailedAsync(Guid benchmarkId, string error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        var benchmark = await db.Benchmarks.FindAsync(benchmarkId);
        if (benchmark is null || benchmark.IsFinished)
        {
            return;
        }
        await lifecycle.FinishAsync(db, benchmark, BenchmarkStatus.Failed, error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Benchmark {BenchmarkId} could not be run")]
    private partial void LogRunFailed(Exception exception, Guid benchmarkId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended perf process group {Group} left running by a previous server")]
    private partial void LogLeftoverEnded(int group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The perf group {Group} left on {Host} could not be ended now: {Reason}")]
    private partial void LogLeftoverUnreachable(string host, int group, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the files of benchmark {BenchmarkId}, which no longer exists")]
    private partial void LogOrphanedFilesRemoved(Guid benchmarkId);
}
