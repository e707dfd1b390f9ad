using System.Collections.Concurrent;

namespace WebOcperf.Running;

/// <summary>
/// The feeds of benchmarks that are queued or running. A finished feed stays a little while so that viewers who were
/// reconnecting at the end still get the last samples and the final state from memory; after that the stored files
/// answer.
/// </summary>
public sealed class LiveFeeds(TimeProvider timeProvider)
{
    public static readonly TimeSpan KeepAfterDone = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, BenchmarkFeed> feeds = new();

    public BenchmarkFeed Open(Guid benchmarkId) => feeds.GetOrAdd(benchmarkId, id => new BenchmarkFeed(id));

    public BenchmarkFeed? Find(Guid benchmarkId) => feeds.GetValueOrDefault(benchmarkId);

    /// <summary>Forgets the feed once <see cref="KeepAfterDone"/> has passed.</summary>
    public void Retire(Guid benchmarkId) => _ = ForgetLaterAsync(benchmarkId);

    private async Task ForgetLaterAsync(Guid benchmarkId)
    {
        await Task.Delay(KeepAfterDone, timeProvider);
        feeds.TryRemove(benchmarkId, out _);
    }
}
