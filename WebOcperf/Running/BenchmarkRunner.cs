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
public sealed class BenchmarkRunner(
    BenchmarkQueue queue,
    BenchmarkExecution execution,
    LiveFeeds feeds,
    BenchmarkFiles files,
    IServiceScopeFactory scopes,
    IOptions<WebOcperfOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
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
                logger.LogError(e, "Benchmark {BenchmarkId} could not be run", benchmarkId);
                await MarkFailedAsync(benchmarkId, $"WebOcperf could not run this benchmark: {e.Message}");
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var running in await db.Benchmarks.Where(b => b.Status == BenchmarkStatus.Running).ToListAsync(cancellationToken))
        {
            if (running.ProcessGroupId is { } group && ProcessGroup.IsAlive(group) && IsOurPerf(group, running.Id))
            {
                await EndOrphanedGroupAsync(group, cancellationToken);
            }
            running.Status = BenchmarkStatus.Interrupted;
            running.Error = "the server stopped while this ran; the data so far is kept";
            running.FinishedAt = now;
            running.ProcessGroupId = null;
        }
        await db.SaveChangesAsync(cancellationToken);

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

    /// <summary>
    /// Ends a perf left running by a previous server the way Stop does: SIGINT first, so that perf record finishes
    /// perf.data (a SIGKILLed recording has no valid header and reads as empty) and perf stat writes its last lines;
    /// SIGKILL only if the group is still running after the grace period.
    /// </summary>
    private async Task EndOrphanedGroupAsync(int group, CancellationToken cancellationToken)
    {
        ProcessGroup.Signal(group, ProcessGroup.SigInt);
        if (!await ProcessGroup.WaitUntilNoneRunAsync(group, options.Value.StopGracePeriod, cancellationToken))
        {
            ProcessGroup.Signal(group, ProcessGroup.SigKill);
        }
        logger.LogWarning("Ended perf process group {Group} left running by a previous server", group);
    }

    /// <summary>
    /// Whether the group's leader is still the perf that ran this benchmark: after a reboot the number may belong to
    /// anyone's process group. perf's command line names the benchmark's directory.
    /// </summary>
    private static bool IsOurPerf(int groupId, Guid benchmarkId)
    {
        try
        {
            return File.ReadAllText($"/proc/{groupId}/cmdline").Contains(benchmarkId.ToString("N"), StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
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
                logger.LogInformation("Removed the files of benchmark {BenchmarkId}, which no longer exists", id);
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
        benchmark.Status = BenchmarkStatus.Failed;
        benchmark.Error = error;
        benchmark.FinishedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        feeds.Open(benchmarkId).Complete(RunState.Of(benchmark));
        feeds.Retire(benchmarkId);
    }
}
