using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Data;

namespace WebOcperf.Running;

/// <summary>
/// Takes benchmarks from the queue and runs them, each machine its own turn and at most its own number at a time.
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
    /// Each machine has its own turn and its own limit (<see cref="WebOcperfOptions.MaxConcurrentRuns"/> here,
    /// <see cref="RemoteHostOptions.MaxConcurrentRuns"/> on a host): runs on different machines do not disturb each
    /// other's measurements, so a long run on one host never delays a run on another.
    /// </remarks>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var running = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            (Guid Id, string Host) next;
            try
            {
                next = await queue.DequeueAsync(HasRoom, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            lock (busy)
            {
                busy[next.Host] = busy.GetValueOrDefault(next.Host) + 1;
            }
            running.RemoveAll(task => task.IsCompleted);
            running.Add(Task.Run(() => RunOnItsMachineAsync(next.Id, next.Host, stopping.Token), CancellationToken.None));
        }
        await Task.WhenAll(running);
    }

    /// <summary>How many runs each machine has going (by host name, <c>local</c> for this one).</summary>
    private readonly Dictionary<string, int> busy = new(StringComparer.OrdinalIgnoreCase);

    private bool HasRoom(string host)
    {
        lock (busy)
        {
            return busy.GetValueOrDefault(host) < LimitOf(host);
        }
    }

    private int LimitOf(string host) =>
        Remote.HostChecks.IsLocal(host)
            ? Math.Max(1, options.Value.MaxConcurrentRuns)
            : Math.Max(1, options.Value.FindHost(host)?.MaxConcurrentRuns ?? 1);

    private async Task RunOnItsMachineAsync(Guid benchmarkId, string host, CancellationToken stoppingToken)
    {
        try
        {
            await execution.RunAsync(benchmarkId, stoppingToken);
        }
        catch (Exception e)
        {
            LogRunFailed(e, benchmarkId);
            await MarkFailedAsync(benchmarkId, $"WebOcperf could not run this benchmark: {e.Message}");
        }
        finally
        {
            lock (busy)
            {
                busy[host]--;
            }
            // the machine has a free place: a run waiting for it may start
            queue.Wake();
        }
    }

    /// <summary>
    /// Ends a run's group on its machine; a host that cannot be reached now keeps it (the run is marked Interrupted all
    /// the same, and its host's next check ends it).
    /// </summary>
    private async Task<LeftoverEnding> EndLeftoverAsync(Benchmark running, int group, CancellationToken cancellationToken)
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
            return LeftoverEnding.Nothing;
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
            var ending = running.ProcessGroupId is { } group ? await EndLeftoverAsync(running, group, cancellationToken) : LeftoverEnding.Nothing;
            if (ending.GroupEnded)
            {
                LogLeftoverEnded(running.ProcessGroupId!.Value);
            }
            var endedByTag = RunProcessTag.Describe(ending.EndedByTag);
            if (endedByTag is not null)
            {
                LogTaggedEnded(running.Id, endedByTag);
            }
            lifecycle.Finish(running, BenchmarkStatus.Interrupted, "the server stopped while this ran; the data so far is kept" +
                (endedByTag is null ? "" : $"\n{endedByTag}"));
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
            .OrderBy(b => b.CreatedAt).Select(b => new { b.Id, b.Host }).ToListAsync(cancellationToken);
        foreach (var (id, host) in queued.Select(q => (q.Id, q.Host)))
        {
            feeds.Open(id);
            if (!queue.TryEnqueue(id, host))
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
        foreach (var (id, position) in queue.Positions())
        {
            var feed = feeds.Find(id);
            if (feed is not null && feed.State.Status == BenchmarkStatus.Queued && feed.State.QueuePosition != position)
            {
                feed.SetState(RunState.Queued(position));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Benchmark {BenchmarkId}, left by a previous server: {Ended}")]
    private partial void LogTaggedEnded(Guid benchmarkId, string ended);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The perf group {Group} left on {Host} could not be ended now: {Reason}")]
    private partial void LogLeftoverUnreachable(string host, int group, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the files of benchmark {BenchmarkId}, which no longer exists")]
    private partial void LogOrphanedFilesRemoved(Guid benchmarkId);
}
