using Microsoft.Extensions.Options;
using WebOcperf.Infrastructure;
using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

/// <summary>The queue on its own: what taking runs out of it does to the rest.</summary>
public sealed class BenchmarkQueueOrderTests
{
    private readonly BenchmarkQueue queue = new(Options.Create(new WebOcperfOptions { QueueCapacity = 10 }));

    [Fact]
    public async Task Taking_a_sessions_runs_out_is_all_or_nothing_when_one_has_just_started()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.True(queue.TryEnqueue(a));
        Assert.True(queue.TryEnqueue(b));
        Assert.True(queue.TryEnqueue(c, "rig"));
        // the runner takes the first: it is starting, no longer waiting
        var (started, _) = await queue.DequeueAsync(_ => true, TestContext.Current.CancellationToken);
        Assert.Equal(a, started);

        Assert.False(queue.TryRemoveAll([a, b, c]));
        Assert.Equal([b, c], queue.Snapshot());

        Assert.True(queue.TryRemoveAll([b, c]));
        Assert.Empty(queue.Snapshot());
        Assert.True(queue.TryRemoveAll([]));
    }
}
