using Microsoft.EntityFrameworkCore;
using WebOcperf.Data;
using WebOcperf.Perf.Stat;
using WebOcperf.Results;
using WebOcperf.Running;

namespace WebOcperf.Features.Benchmarks;

/// <summary>Everything the result view shows about one benchmark.</summary>
public sealed record BenchmarkView(
    Benchmark Benchmark,
    string SessionTitle,
    StatResult Result,
    IReadOnlyList<string> DisplayNames,
    int? QueuePosition,
    string WorkloadLogTail,
    string PerfMessages,
    DateTime Now)
{
    public const int LogTailBytes = 16 * 1024;

    public bool HasIntervals => Result.Intervals.Count > 0;
}

/// <summary>Builds <see cref="BenchmarkView"/>s for the session page, the share page and the plot page.</summary>
public sealed class BenchmarkViews(WebOcperfDb db, BenchmarkResults results, BenchmarkFiles files, BenchmarkQueue queue,
    ActiveRuns activeRuns, TimeProvider time)
{
    public async Task<BenchmarkView?> LoadAsync(Guid benchmarkId, CancellationToken cancellationToken)
    {
        var benchmark = await db.Benchmarks.AsNoTracking().Include(b => b.Session)
            .FirstOrDefaultAsync(b => b.Id == benchmarkId, cancellationToken);
        return benchmark is null ? null : Build(benchmark);
    }

    public BenchmarkView Build(Benchmark benchmark)
    {
        var result = results.LoadStat(benchmark);
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
            time.GetUtcNow().UtcDateTime);
    }
}
