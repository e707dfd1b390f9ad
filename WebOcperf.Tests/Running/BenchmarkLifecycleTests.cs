using Microsoft.Extensions.Logging.Abstractions;
using WebOcperf.Data;
using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

/// <summary>Every status change, allowed and refused, through the one type that makes them.</summary>
public sealed class BenchmarkLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Earlier = new(2026, 11, 29, 15, 0, 0, DateTimeKind.Utc);

    /// <summary>The transitions the issue names, written out rather than taken from the code under test.</summary>
    private static readonly HashSet<(BenchmarkStatus From, BenchmarkStatus To)> Allowed =
    [
        (BenchmarkStatus.Queued, BenchmarkStatus.Running),
        (BenchmarkStatus.Queued, BenchmarkStatus.Cancelled),
        (BenchmarkStatus.Queued, BenchmarkStatus.Failed),
        (BenchmarkStatus.Running, BenchmarkStatus.Succeeded),
        (BenchmarkStatus.Running, BenchmarkStatus.Failed),
        (BenchmarkStatus.Running, BenchmarkStatus.Cancelled),
        (BenchmarkStatus.Running, BenchmarkStatus.Interrupted),
    ];

    public static TheoryData<BenchmarkStatus, BenchmarkStatus> EveryPair()
    {
        var pairs = new TheoryData<BenchmarkStatus, BenchmarkStatus>();
        foreach (var from in Enum.GetValues<BenchmarkStatus>())
        {
            foreach (var to in Enum.GetValues<BenchmarkStatus>())
            {
                pairs.Add(from, to);
            }
        }
        return pairs;
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static BenchmarkLifecycle Lifecycle(LiveFeeds? feeds = null) =>
        new(feeds ?? new LiveFeeds(TimeProvider.System), new FixedTime(), NullLogger<BenchmarkLifecycle>.Instance);

    private static Benchmark BenchmarkIn(BenchmarkStatus status) => new()
    {
        Workload = "true",
        Status = status,
        StartedAt = status == BenchmarkStatus.Queued ? null : Earlier,
        FinishedAt = status is BenchmarkStatus.Queued or BenchmarkStatus.Running ? null : Earlier,
        ProcessGroupId = status == BenchmarkStatus.Running ? 4242 : null,
    };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_transition_is_made_exactly_when_it_is_allowed(BenchmarkStatus from, BenchmarkStatus to)
    {
        var lifecycle = Lifecycle();
        var benchmark = BenchmarkIn(from);
        var before = (benchmark.StartedAt, benchmark.FinishedAt, benchmark.ProcessGroupId, benchmark.Error);

        Action change = to switch
        {
            BenchmarkStatus.Running => () => lifecycle.Start(benchmark),
            // nothing goes back to Queued: the only way to ask for it is a final-state change, which refuses it
            BenchmarkStatus.Queued => () => lifecycle.Finish(benchmark, to, "back"),
            _ => () => lifecycle.Finish(benchmark, to, $"to {to}"),
        };

        Assert.Equal(Allowed.Contains((from, to)), BenchmarkLifecycle.IsAllowed(from, to));
        if (!Allowed.Contains((from, to)))
        {
            Assert.ThrowsAny<Exception>(change);
            Assert.Equal(from, benchmark.Status);
            Assert.Equal(before, (benchmark.StartedAt, benchmark.FinishedAt, benchmark.ProcessGroupId, benchmark.Error));
            return;
        }

        change();
        Assert.Equal(to, benchmark.Status);
        if (to == BenchmarkStatus.Running)
        {
            Assert.Equal(Now.UtcDateTime, benchmark.StartedAt);
            Assert.Null(benchmark.FinishedAt);
        }
        else
        {
            Assert.Equal(Now.UtcDateTime, benchmark.FinishedAt);
            Assert.Equal($"to {to}", benchmark.Error);
            Assert.Null(benchmark.ProcessGroupId);
            Assert.Equal(before.StartedAt, benchmark.StartedAt);
        }
    }

    [Fact]
    public void Finishing_completes_the_live_feed_with_the_final_state()
    {
        var feeds = new LiveFeeds(TimeProvider.System);
        var lifecycle = Lifecycle(feeds);
        var benchmark = BenchmarkIn(BenchmarkStatus.Running);
        var feed = feeds.Open(benchmark.Id);

        lifecycle.Finish(benchmark, BenchmarkStatus.Cancelled, "stopped by a user");
        Assert.False(feed.IsDone);
        lifecycle.Publish(benchmark);

        Assert.True(feed.IsDone);
        Assert.Equal(BenchmarkStatus.Cancelled, feed.State.Status);
        Assert.Equal("stopped by a user", feed.State.Error);
        Assert.Equal(Now.UtcDateTime, feed.State.FinishedAt);
    }

    [Fact]
    public void Deleting_tells_the_viewers_and_completes_the_feed()
    {
        var feeds = new LiveFeeds(TimeProvider.System);
        var benchmark = BenchmarkIn(BenchmarkStatus.Queued);
        var feed = feeds.Open(benchmark.Id);

        Lifecycle(feeds).Deleted(benchmark.Id);

        Assert.True(feed.IsDone);
        Assert.Equal("deleted", feed.State.Error);
    }
}
