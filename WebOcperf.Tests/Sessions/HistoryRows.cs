using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Data;

namespace WebOcperf.Tests.Sessions;

/// <summary>Fills a session's history straight through the database, as after months of use: thousands of runs in seconds.</summary>
public static class HistoryRows
{
    /// <summary>
    /// Inserts <paramref name="count"/> finished runs, one second apart, the newest last; run <c>i</c> is described as
    /// <c>run i</c> and runs <c>sleep i</c>. Returns their ids, oldest first.
    /// </summary>
    public static async Task<List<Guid>> InsertAsync(IServiceProvider services, Guid sessionId, int count,
        Func<int, Benchmark, Benchmark>? shape = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        var start = DateTime.UtcNow.AddDays(-1);
        var benchmarks = Enumerable.Range(0, count).Select(i =>
        {
            var benchmark = new Benchmark
            {
                SessionId = sessionId,
                Description = $"run {i}",
                Workload = $"sleep {i}",
                Events = ["task-clock"],
                IntervalMs = 100,
                Status = BenchmarkStatus.Succeeded,
                CreatedAt = start.AddSeconds(i),
                StartedAt = start.AddSeconds(i),
                FinishedAt = start.AddSeconds(i + 0.5),
                PerfExitCode = 0,
                WorkloadExitCode = 0,
            };
            return shape is null ? benchmark : shape(i, benchmark);
        }).ToList();
        db.Benchmarks.AddRange(benchmarks);
        await db.SaveChangesAsync();
        return benchmarks.Select(b => b.Id).ToList();
    }
}
