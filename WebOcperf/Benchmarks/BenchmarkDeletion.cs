using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;
using WebOcperf.Running;

namespace WebOcperf.Benchmarks;

public enum DeleteOutcome
{
    Deleted,
    NotFound,
    /// <summary>A benchmark is running: stop it first, so that no perf process writes into a deleted directory.</summary>
    Running,
}

/// <summary>
/// Deletes benchmarks and sessions with their files. The rows go first, then the files: a crash in between leaves files
/// that nothing points to, which the start-up sweep removes — never a row whose files are gone.
/// </summary>
public sealed partial class BenchmarkDeletion(WebOcperfDb db, BenchmarkFiles files, BenchmarkQueue queue,
    BenchmarkLifecycle lifecycle, ILogger<BenchmarkDeletion> logger)
{
    public async Task<DeleteOutcome> DeleteBenchmarkAsync(Guid benchmarkId, CancellationToken cancellationToken)
    {
        var benchmark = await db.Benchmarks.FirstOrDefaultAsync(b => b.Id == benchmarkId, cancellationToken);
        if (benchmark is null)
        {
            return DeleteOutcome.NotFound;
        }
        // a queued benchmark the runner has just taken is starting: treat it as running
        if (benchmark.Status == BenchmarkStatus.Running || (benchmark.Status == BenchmarkStatus.Queued && !queue.TryRemove(benchmarkId)))
        {
            return DeleteOutcome.Running;
        }
        db.Benchmarks.Remove(benchmark);
        await db.SaveChangesAsync(cancellationToken);
        RemoveFiles([benchmarkId]);
        return DeleteOutcome.Deleted;
    }

    public async Task<DeleteOutcome> DeleteSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.Include(s => s.Benchmarks).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return DeleteOutcome.NotFound;
        }
        // a queued benchmark the runner has just taken is starting (on a host that takes seconds): treat it as running
        var queued = session.Benchmarks.Where(b => b.Status == BenchmarkStatus.Queued).Select(b => b.Id).ToList();
        if (session.Benchmarks.Any(b => b.Status == BenchmarkStatus.Running) || !queue.TryRemoveAll(queued))
        {
            return DeleteOutcome.Running;
        }
        var ids = session.Benchmarks.Select(b => b.Id).ToList();
        db.Sessions.Remove(session);
        await db.SaveChangesAsync(cancellationToken);
        RemoveFiles(ids);
        return DeleteOutcome.Deleted;
    }

    private void RemoveFiles(IEnumerable<Guid> benchmarkIds)
    {
        foreach (var id in benchmarkIds)
        {
            lifecycle.Deleted(id);
            try
            {
                files.Delete(id);
            }
            catch (IOException e)
            {
                // the row is gone; the start-up sweep removes what is left
                LogFilesNotRemoved(e, id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the files of deleted benchmark {BenchmarkId}")]
    private partial void LogFilesNotRemoved(Exception exception, Guid benchmarkId);
}
